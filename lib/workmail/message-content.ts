/**
 * The raw message WorkMail holds in transit, as the rules see it: a lazy view. lib/message builds
 * it over a loader (GetRawMessageContent); lib/engine reads it and does no I/O of its own. Each
 * method loads and parses at most once; any may reject, which makes the calling condition unknown.
 */

/** An attachment as the view reports it (also what `removeAttachments` sees). */
export interface AttachmentFacts {
  filename?: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
}

export interface MessageContent {
  /** Size of the raw MIME in bytes. */
  size(): Promise<number>;
  /** Header fields of the top-level header block only, in order, values unfolded and RFC 2047-decoded. */
  headers(): Promise<{ name: string; value: string }[]>;
  /** Decoded text/plain body, or text extracted from HTML when there is no plain part. */
  text(): Promise<string>;
  /** Attachments with their names, content types and decoded sizes. */
  attachments(): Promise<AttachmentFacts[]>;
}
