// The outcome area of the run form: the ack line, the progress bar and its text, the result or the
// typed error, and a log of the messages as they arrived.
import type { StreamerErrorJSON } from '@streamer/client';
import type { RequestStatus } from '@streamer/protocol';
import { byId, el } from './dom';
import { percent, prettyJson } from './format';

export class ProgressView {
  private readonly ack = byId('ack', HTMLParagraphElement);
  private readonly bar = byId('progress-bar', HTMLDivElement);
  private readonly fill = byId('progress-fill', HTMLDivElement);
  private readonly text = byId('progress-text', HTMLParagraphElement);
  private readonly result = byId('result', HTMLDivElement);
  private readonly resultJson = byId('result-json', HTMLPreElement);
  private readonly error = byId('error', HTMLDivElement);
  private readonly log = byId('log', HTMLOListElement);
  private startedAt = 0;
  private progressed = false;
  private acked = false;
  private value = 0;

  start(action: string, payload: object): void {
    this.startedAt = performance.now();
    this.progressed = false;
    this.acked = false;
    this.ack.textContent = `Sent ${action}; waiting for the server…`;
    this.setBar(0, 'Waiting…');
    delete this.bar.dataset['outcome'];
    this.result.hidden = true;
    this.error.hidden = true;
    this.log.replaceChildren();
    this.entry(`request ${action} ${JSON.stringify(payload)}`);
  }

  acknowledged(ack: { requestId: string; status: RequestStatus }): void {
    this.acked = true;
    this.ack.textContent = `Acknowledged: request ${ack.requestId} is ${ack.status}`;
    this.entry(`ack ${ack.requestId} ${ack.status}`);
  }

  progress(progress: number, message: string | undefined): void {
    this.progressed = true;
    this.setBar(progress, message);
    this.entry(`progress ${percent(progress)} %${message ? ` ${message}` : ''}`);
  }

  /** The result is in: the bar shows 100 % whatever the last progress report said. */
  succeeded(data: unknown): void {
    if (!this.acked && !this.progressed) this.ack.textContent = 'Answered at once (the action ran synchronously, no ack)';
    this.setBar(1, 'Done');
    this.bar.dataset['outcome'] = 'done';
    this.resultJson.textContent = prettyJson(data);
    this.result.hidden = false;
    this.entry('result');
  }

  /** The request ended with an error: nothing says "waiting" any more; an ack line, if any, stays. */
  failed(error: Pick<StreamerErrorJSON, 'code' | 'message' | 'retryable'>): void {
    if (!this.acked) this.ack.textContent = `Not accepted: ${error.code} (no ack)`;
    this.setBar(this.value / 100, error.code);
    this.bar.dataset['outcome'] = 'failed';
    byId('error-code', HTMLElement).textContent = error.code;
    byId('error-message', HTMLElement).textContent = error.message;
    byId('error-retryable', HTMLElement).textContent = error.retryable ? 'yes' : 'no';
    this.error.hidden = false;
    this.entry(`error ${error.code}`);
  }

  private setBar(progress: number, message: string | undefined): void {
    const value = percent(progress);
    this.value = value;
    this.fill.style.width = `${value}%`;
    this.bar.setAttribute('aria-valuenow', String(value));
    this.bar.setAttribute('aria-valuetext', message ? `${value} %, ${message}` : `${value} %`);
    this.text.textContent = message ? `${value} % · ${message}` : `${value} %`;
  }

  private entry(text: string): void {
    const seconds = ((performance.now() - this.startedAt) / 1000).toFixed(2);
    this.log.append(el('li', { text: `+${seconds} s  ${text}` }));
    this.log.scrollTop = this.log.scrollHeight;
  }
}
