import { FerryError } from "@ferry/core";

/** The FerryError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<FerryError> {
  try {
    await promise;
  } catch (error) {
    if (FerryError.is(error)) return error;
    throw error;
  }
  throw new Error("expected a rejection with a FerryError");
}

/** The FerryError `fn` throws; fails the test if it returns or throws something else. */
export function thrown(fn: () => unknown): FerryError {
  try {
    fn();
  } catch (error) {
    if (FerryError.is(error)) return error;
    throw error;
  }
  throw new Error("expected a FerryError to be thrown");
}
