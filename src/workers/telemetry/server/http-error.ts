/** An HTTP error answered as JSON `{ statusCode, error, message }` by the server's one error handler. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
