// The run form: reads the action and its JSON payload, runs it through the page's connection with
// progress, and wires Cancel to the request's AbortSignal. One request at a time.
import { isStreamerError } from '@streamer/client';
import { describeError } from './describe-error';
import { byId } from './dom';
import type { PageConnection } from './page-connection';
import { ProgressView } from './progress-view';

/** Longer than any example handler runs; the client cancels the request on the server after it. */
const REQUEST_TIMEOUT_MS = 5 * 60_000;

export class RunForm {
  private readonly form = byId('run-form', HTMLFormElement);
  private readonly action = byId('action', HTMLInputElement);
  private readonly payload = byId('payload', HTMLTextAreaElement);
  private readonly formError = byId('form-error', HTMLParagraphElement);
  private readonly runButton = byId('run', HTMLButtonElement);
  private readonly cancelButton = byId('cancel', HTMLButtonElement);
  private readonly view = new ProgressView();
  private controller: AbortController | undefined;

  constructor(private readonly connection: PageConnection) {}

  start(): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    this.cancelButton.addEventListener('click', () => this.controller?.abort(new Error('Cancelled from the page')));
  }

  private async run(): Promise<void> {
    const input = this.readInput();
    const client = this.connection.streamer;
    if (!input || this.controller) return;
    if (!client) return this.showFormError('Not connected: use Reconnect first.');
    const controller = new AbortController();
    this.controller = controller;
    this.setRunning(true);
    this.view.start(input.action, input.payload);
    try {
      const data = await client.request(input.action, input.payload, {
        onAck: (ack) => this.view.acknowledged(ack),
        onProgress: (progress, message) => this.view.progress(progress, message),
        signal: controller.signal,
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
      this.view.succeeded(data);
    } catch (error) {
      this.view.failed(isStreamerError(error) ? error : { code: 'INTERNAL_ERROR', message: describeError(error), retryable: false });
    } finally {
      this.controller = undefined;
      this.setRunning(false);
    }
  }

  private readInput(): { action: string; payload: object } | undefined {
    const action = this.action.value.trim();
    if (action === '') return this.showFormError('Enter an action, e.g. generate_report.');
    let payload: unknown;
    try {
      payload = this.payload.value.trim() === '' ? {} : JSON.parse(this.payload.value);
    } catch (error) {
      return this.showFormError(`The payload is not JSON: ${describeError(error)}`);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return this.showFormError('The payload must be a JSON object, e.g. {"recordCount": 5000}.');
    this.formError.hidden = true;
    return { action, payload };
  }

  private showFormError(message: string): undefined {
    this.formError.textContent = message;
    this.formError.hidden = false;
    return undefined;
  }

  private setRunning(running: boolean): void {
    this.runButton.disabled = running;
    this.cancelButton.disabled = !running;
  }
}
