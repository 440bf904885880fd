/** One problem with a request, as the API's error body lists them. */
export interface Issue {
  path: string;
  message: string;
}

/** An answer other than success, decided by the API itself (not by the domain). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
