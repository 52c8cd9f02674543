// Where the bytes of attachments are kept, by SHA-256. The default (DatabaseAttachmentStore, in
// attachments.repository.ts) keeps them in the database, in attachment_blob: several instances serve the same
// files without a shared disk, a backup of the database holds the attachments with the rows naming them, and a
// file is stored in the same transaction as its attachment row, so a refused or failed upload leaves nothing
// behind. Another store (an object store) would implement this interface.
export interface AttachmentStore {
  /** Stores the content under its hash; content already stored under it is kept (deduplication). */
  put(sha256: string, content: Buffer): Promise<void>;
  /** The content stored under the hash, or null. */
  get(sha256: string): Promise<Buffer | null>;
}

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');
