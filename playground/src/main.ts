/**
 * The playground's entry: wires each panel. Panels draw independently; one that
 * fails shows its error in its own box and leaves the others working. When
 * every panel has drawn, `document.body.dataset.ready` is set (the tests wait
 * for it).
 */
import { descentPanel } from './descent-panel.js';
import { byId } from './dom.js';
import { messageOf } from './format.js';
import { graphPanel } from './graph-panel.js';
import { modesPanel } from './modes-panel.js';
import { networkPanel } from './network-panel.js';
import { optimizersPanel } from './optimizers-panel.js';

async function panel(errorBox: string, run: () => void | Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    byId(errorBox).textContent = `This panel failed to start: ${messageOf(e)}`;
    throw e;
  }
}

const panels = [panel('expression-error', graphPanel), panel('descent-error', descentPanel), panel('optimizers-error', optimizersPanel), panel('network-error', networkPanel), panel('modes-error', modesPanel)];

void Promise.allSettled(panels).then((results) => {
  const failed = results.filter((r) => r.status === 'rejected').length;
  document.body.dataset.ready = failed === 0 ? 'true' : `${failed} failed`;
});
