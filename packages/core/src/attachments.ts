import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DomainError, NotFoundError, ValidationError, type Db, type Tx } from '@helpdesk/db';

export const ALLOWED_CONTENT_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'message/rfc822',
];

/** Inbound mail keeps whatever a customer attached; a declared type that is not a plain `type/subtype` token is stored as bytes. */
export function normaliseContentType(declared: string): string {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(type) ? type : 'application/octet-stream';
}

/** What a message row needs to reference a file already written to the store. */
export const storedAttachmentSchema = z.object({
  filename: z.string().min(1).max(255),
  contentType: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  storageKey: z.string().min(1),
});
export type StoredAttachment = z.infer<typeof storedAttachmentSchema>;

export interface AttachmentUpload {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface PutOptions {
  /** Skip the allow-list: inbound mail stores every type and offers the ones we do not show as downloads. */
  anyType?: boolean;
}

export interface AttachmentStore {
  put(tenantId: string, upload: AttachmentUpload, options?: PutOptions): Promise<StoredAttachment>;
  get(tenantId: string, storageKey: string): Promise<Buffer>;
  /** Deletes a file no message references (a rejected mail's); a missing file is not an error. */
  remove(tenantId: string, storageKey: string): Promise<void>;
}

export class PayloadTooLargeError extends DomainError {
  constructor(limit: number) {
    super(`A file is larger than the ${limit}-byte limit`, 413, 'payload_too_large', 'attachments');
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(type: string) {
    super(`Files of type ${type} are not accepted`, 415, 'unsupported_media_type', 'attachments');
  }
}

function safeFilename(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f]/g, '')
    .trim();
  return (base || 'attachment').slice(0, 255);
}

/** Content-addressed per tenant: the same file twice is stored once, and keys never collide across tenants. */
export class LocalDiskAttachmentStore implements AttachmentStore {
  constructor(
    private readonly rootDir: string,
    private readonly maxBytes: number,
    private readonly allowedTypes: readonly string[] = ALLOWED_CONTENT_TYPES,
  ) {}

  async put(tenantId: string, upload: AttachmentUpload, options: PutOptions = {}): Promise<StoredAttachment> {
    const contentType = normaliseContentType(upload.contentType);
    if (upload.data.length > this.maxBytes) throw new PayloadTooLargeError(this.maxBytes);
    if (!options.anyType && !this.allowedTypes.includes(contentType)) throw new UnsupportedMediaTypeError(contentType);
    const sha256 = createHash('sha256').update(upload.data).digest('hex');
    const storageKey = `${tenantId}/${sha256.slice(0, 2)}/${sha256}`;
    const file = this.fileFor(tenantId, storageKey);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, upload.data);
    return { filename: safeFilename(upload.filename), contentType, size: upload.data.length, sha256, storageKey };
  }

  async get(tenantId: string, storageKey: string): Promise<Buffer> {
    return readFile(this.fileFor(tenantId, storageKey)).catch(() => {
      throw new NotFoundError('Attachment');
    });
  }

  async remove(tenantId: string, storageKey: string): Promise<void> {
    await rm(this.fileFor(tenantId, storageKey), { force: true });
  }

  private fileFor(tenantId: string, storageKey: string): string {
    if (!storageKey.startsWith(`${tenantId}/`) || storageKey.includes('..'))
      throw new ValidationError('storageKey', 'does not belong to this tenant');
    return path.join(this.rootDir, storageKey);
  }
}

export async function linkAttachments(tx: Tx, tenantId: string, messageId: string, files: readonly StoredAttachment[]): Promise<void> {
  if (files.length === 0) return;
  for (const f of files) {
    if (!f.storageKey.startsWith(`${tenantId}/`)) throw new ValidationError('attachments', 'an attachment belongs to another tenant');
  }
  await tx.attachment.createMany({ data: files.map((f) => ({ tenantId, messageId, ...f })) });
}

/** The monorepo root (the package.json with workspaces), so the web app (cwd apps/web) and workers (cwd root) share one directory. */
function workspaceRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

export function resolveStorageDir(dir: string, cwd = process.cwd()): string {
  return path.isAbsolute(dir) ? dir : path.resolve(workspaceRoot(cwd), dir);
}

export function createAttachmentStore(config: { STORAGE_DIR: string; ATTACHMENT_MAX_BYTES: number }): LocalDiskAttachmentStore {
  return new LocalDiskAttachmentStore(resolveStorageDir(config.STORAGE_DIR), config.ATTACHMENT_MAX_BYTES);
}

export interface AttachmentDownload {
  filename: string;
  /** The stored type for those we show; anything else goes out as bytes, so a browser never renders it. */
  contentType: string;
  data: Buffer;
}

/** An attachment of the tenant's, for download; another tenant's id is indistinguishable from a missing one. */
export async function openAttachment(db: Db, store: AttachmentStore, tenantId: string, attachmentId: string): Promise<AttachmentDownload> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(attachmentId)) throw new NotFoundError('Attachment');
  const row = await db.attachment.findFirst({
    where: { id: attachmentId, tenantId },
    select: { filename: true, contentType: true, storageKey: true },
  });
  if (!row) throw new NotFoundError('Attachment');
  const shown = ALLOWED_CONTENT_TYPES.includes(row.contentType) && row.contentType !== 'message/rfc822';
  return {
    filename: row.filename,
    contentType: shown ? row.contentType : 'application/octet-stream',
    data: await store.get(tenantId, row.storageKey),
  };
}
