/** The AppError a promise rejects with; fails the test when it resolves or rejects with anything else. */
import { type AppError, isAppError } from '../../src/core/errors.js';

export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected the call to fail with an AppError');
}
