import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { findContactTenant } from '@helpdesk/core/contact-form';
import { Card, CardContent, CardHeader } from '@/components/ui/card';
import { db } from '@/lib/clients';
import { ContactForm } from './contact-form';

type Props = { params: Promise<{ slug: string }> };

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const tenant = await findContactTenant(db(), (await params).slug);
  return { title: tenant ? `Contact ${tenant.name}` : 'Contact' };
}

/** Public, outside the signed-in layout: anyone may write to a workspace's support team. */
export default async function ContactPage({ params }: Props) {
  const { slug } = await params;
  const tenant = await findContactTenant(db(), slug);
  if (!tenant) notFound();
  return (
    <main className="flex min-h-screen items-start justify-center bg-slate-50 p-6">
      <Card className="w-full max-w-lg">
        <CardHeader>
          <h1 className="text-xl font-semibold text-slate-900">Contact {tenant.name}</h1>
          <p className="mt-1 text-sm text-slate-600">Send us a message and we will get back to you by email.</p>
        </CardHeader>
        <CardContent>
          <ContactForm slug={slug} />
        </CardContent>
      </Card>
    </main>
  );
}
