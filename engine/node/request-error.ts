/** A refusal of a request, worded for the person who made it: the shells show its message as is. */
export class RequestError extends Error {
  override name = 'RequestError'
}
