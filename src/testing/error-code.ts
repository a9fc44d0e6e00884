/** Test support: the ExtractError code a promise rejects with. */
import { ExtractError } from '../extractors/errors';

/**
 * The `code` of the ExtractError `promise` rejects with.
 * @throws the rejection when it is not an ExtractError, or Error('resolved') when it resolves
 */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ExtractError) return e.code;
    throw e;
  }
  throw new Error('resolved');
}
