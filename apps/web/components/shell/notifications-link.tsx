import Link from 'next/link';

/** The notification bell: a link to /notifications whose name says how many are unread. */
export function NotificationsLink({ unread, className }: { unread: number; className?: string }) {
  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <Link
      href="/notifications"
      aria-label={label}
      className={`inline-flex h-10 items-center gap-2 rounded-md px-2 text-sm font-medium text-slate-800 hover:bg-slate-100 ${className ?? ''}`}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-5 w-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span className="hidden md:inline">Notifications</span>
      {unread ? (
        <span className="rounded-full bg-red-700 px-2 py-0.5 text-xs font-semibold text-white">{unread > 99 ? '99+' : unread}</span>
      ) : null}
    </Link>
  );
}
