import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="text-slate-600">This page does not exist or you do not have access to it.</p>
      <Link href="/" className="font-medium text-brand-700 underline">
        Go to your workspace
      </Link>
    </main>
  );
}
