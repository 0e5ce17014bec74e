import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { queueBatch } from '../../main/batch/batch-jobs';
import { enqueueMake } from '../../main/make/enqueue-make';
import { TemplateLibrary } from '../../main/templates/template-library';
import { openTestQueue, tempHome } from '../queue/helpers';

test('make and batch find a user template by id, and the job keeps the template document it was queued with', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const lib = new TemplateLibrary({ db: queue.db, home: queue.home });
  const mine = lib.duplicate('bold-shorts', 'My channel');
  lib.save({ ...mine.template, style: { ...mine.template.style, caption: { ...mine.template.style.caption, highlightColor: '#00C2FF' } } });

  // the make pipeline's one door, with nothing but the id: it asks the library
  const job = await enqueueMake(queue, { script: 'One line. Another line.', templateId: mine.template.id, render: false }, { rendersDir: join(home.dir, 'renders') });
  const input = queue.input(job.id) as { template: { id: string; style: { caption: { highlightColor: string } } } };
  assert.equal(input.template.id, mine.template.id);
  assert.equal(input.template.style.caption.highlightColor, '#00C2FF');
  // deleting the template afterwards cannot change the queued video
  lib.remove(mine.template.id);
  assert.equal((queue.input(job.id) as typeof input).template.style.caption.highlightColor, '#00C2FF');
  lib.save({ ...mine.template, style: { ...mine.template.style, caption: { ...mine.template.style.caption, highlightColor: '#00C2FF' } } });

  const csv = join(home.dir, 'rows.csv');
  writeFileSync(csv, 'script,title\n"Hello there.",First\n"Bye now.",Second\n');
  const result = await queueBatch(queue, mine.template.id, csv, { templates: lib, size: { width: 160, height: 284 } });
  assert.equal(result.jobs.length, 2);
  for (const { job: j } of result.jobs) assert.equal((queue.input(j.id) as typeof input).template.style.caption.highlightColor, '#00C2FF');
  // an id no library has is named with the ones there are
  await assert.rejects(queueBatch(queue, 'no-such-template', csv, { templates: lib }), /no template "no-such-template"; templates: .*my-channel/);
});
