import { ref, type Ref } from 'vue';
import { ApiError, errorMessage } from '../api/client.ts';
import { fieldErrors, formMessage } from '../lib/field-errors.ts';

/** The submit state every form shares: per-field errors, one message for what no field shows, and a busy flag. */
export interface ApiForm {
  errors: Ref<Record<string, string>>;
  problem: Ref<string | null>;
  busy: Ref<boolean>;
  /** naive-ui `validation-status` of one field. */
  status: (field: string) => 'error' | undefined;
  /**
   * Shows `problems` (client-side checks) and stops if there are any; otherwise runs `send`, putting the API's
   * field errors at their fields and any other message below the form. Resolves true when `send` succeeded.
   */
  submit: (send: () => Promise<unknown>, problems?: Record<string, string>, onApiError?: (err: ApiError) => void) => Promise<boolean>;
}

/** Submit state of a form that draws the fields `drawn` (API errors at other paths are shown below the form). */
export function useApiForm(drawn: readonly string[]): ApiForm {
  const errors = ref<Record<string, string>>({});
  const problem = ref<string | null>(null);
  const busy = ref(false);

  async function submit(send: () => Promise<unknown>, problems: Record<string, string> = {}, onApiError?: (err: ApiError) => void): Promise<boolean> {
    problem.value = null;
    errors.value = problems;
    if (Object.keys(problems).length) return false;
    busy.value = true;
    try {
      await send();
      return true;
    } catch (err) {
      if (err instanceof ApiError) {
        errors.value = fieldErrors(err.details, err.message);
        onApiError?.(err);
      }
      // A message already shown at its field is not repeated below the form.
      problem.value = formMessage(errors.value, drawn, errorMessage(err));
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { errors, problem, busy, status: (field) => (errors.value[field] ? 'error' : undefined), submit };
}
