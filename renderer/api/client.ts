// The typed client: one `call` per contract entry, over whichever transport the host gives. Each
// input is checked by the contract's schema before it is sent (shared/validate.ts, the check the
// core makes too): a form learns every wrong field at once, in the core's words.
import type { CallError, CallInput, CallName, CallOutput, EventName, Result } from '../../shared/contract';
import { translate } from '../../shared/i18n/messages';
import { checkInput } from '../../shared/validate';

export interface Transport {
  invoke(name: CallName, input: unknown): Promise<Result<unknown>>;
  on(event: EventName, cb: (payload: unknown) => void): () => void;
}

export class ApiError extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
  }
  get code() {
    return this.error.code;
  }
  get field() {
    return this.error.field;
  }
  /** Every problem of an invalid input, each with its field (the first is `field`/`message`). */
  get issues() {
    return this.error.issues ?? [{ field: this.error.field, message: this.error.message }];
  }
}

export interface Client {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on(event: EventName, cb: (payload: unknown) => void): () => void;
}

export function createClient(t: Transport): Client {
  return {
    async call(name, input) {
      const checked = checkInput(name, input);
      if (!checked.ok) throw new ApiError(checked.error);
      let r: Result<unknown>;
      try {
        r = await t.invoke(name, input);
      } catch {
        throw new ApiError({ code: 'INTERNAL', message: translate('error.network') });
      }
      if (!r.ok) throw new ApiError(r.error);
      return r.value as never;
    },
    on: (e, cb) => t.on(e, cb),
  };
}
