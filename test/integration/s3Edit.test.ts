// Edit (issue 15.2) in the real extension host against the local endpoint: an S3 text object opens writable, a save
// writes it back with If-Match on the ETag read, and a concurrent write from a second client (straight through the
// SDK, as a colleague's tool would) makes the next save ask Compare / Overwrite / Cancel with nothing lost. A store
// that ignores conditional writes (the endpoint's s3IgnoreWriteConditions fault) is announced before editing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3ClientFor, s3AccessForStep, type S3Gateway } from '../../src/core/aws/s3';
import { runChain } from '../../src/core/aws/runChain';
import type { Session } from '../../src/core/session';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { SEED } from '../localAws/scenario';
import { TWO_STEP } from '../harness/seedChains';
import { ScriptedUi } from './scriptedUi';
import { control, resetState, signIn, testingApi, waitFor } from './support';

const STEP1 = { chainName: TWO_STEP, stepIndex: 0 } as const;
const FINAL = { chainName: TWO_STEP, stepIndex: 1 } as const;
const RUN = `edit-${Date.now().toString(36)}`;
const EDIT_SCHEME = 'role-chains-s3-edit';

describe('S3 Edit: conditional saves', function () {
  this.timeout(60_000);
  let api: RoleChainsTestingApi;
  let person: ScriptedUi;
  /** "Someone else": the seed chain run by the test itself, with its own S3 clients. */
  let theirsA: S3Gateway;
  let theirsB: S3Gateway;

  const textIn = async (client: S3Gateway, bucket: string, key: string): Promise<string> => {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  };
  const editorFor = (uri: string): Promise<vscode.TextEditor> =>
    waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri), `an editor for ${uri}`);
  /** Types over the whole text, through the document (the diff editor may have taken the editor's place). */
  const replaceAll = async (editor: vscode.TextEditor, text: string): Promise<void> => {
    const doc = editor.document;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was applied');
    assert.ok(doc.isDirty);
  };
  const s3Log = async () => (await control.requestLog()).filter((e) => e.service === 's3');

  before(async () => {
    api = await testingApi();
    await resetState(api);
    const config = vscode.workspace.getConfiguration('roleChains');
    const session = await runChain(
      {
        name: 'colleague',
        region: SEED.region,
        steps: [
          { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
          { roleArn: SEED.roleB, externalId: 'prompt' },
        ],
      },
      {
        endpoints: { sts: config.get<string>('endpoints.sts') ?? '' },
        baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey }),
        prompts: {
          externalId: async (ctx) => (ctx.stepIndex === 0 ? SEED.externalIdA : SEED.externalIdB),
          mfaCode: () => control.mfaCode(SEED.developerName),
        },
      },
    );
    const options = { s3: config.get<string>('endpoints.s3') ?? '', forcePathStyle: true, chainName: 'colleague' };
    theirsA = createS3ClientFor(s3AccessForStep(session.steps[0] as Session['steps'][number], options));
    theirsB = createS3ClientFor(s3AccessForStep(session.steps[1] as Session['steps'][number], options));
    await theirsA.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: `${RUN}/notes.md`, Body: 'v1\n', ContentType: 'text/markdown' }));
    await theirsB.send(new PutObjectCommand({ Bucket: SEED.bucket2, Key: `${RUN}/plain.txt`, Body: 'b1\n', ServerSideEncryption: 'AES256' }));
    await signIn(api, TWO_STEP);
  });
  beforeEach(async () => {
    person = new ScriptedUi();
    api.s3.setUiForTesting(person.api());
    await control.clearRequestLog();
  });
  afterEach(async () => {
    api.s3.setUiForTesting(undefined);
    await control.setFaults({});
  });
  after(async () => {
    // A failed test may leave an edited text unsaved: revert it, or closing the editors would ask to save it.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === EDIT_SCHEME && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    theirsA?.destroy();
    theirsB?.destroy();
    await resetState(api);
  });

  const notes = { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/notes.md` };
  let notesUri = '';

  it('edit: opens a text object writable, and a save writes it back with If-Match and the chain SSE', async () => {
    const uri = await vscode.commands.executeCommand<string | undefined>('roleChains.s3.edit', notes);
    assert.ok(uri, 'the command returned the editor URI');
    notesUri = uri;
    assert.equal(vscode.Uri.parse(uri).scheme, EDIT_SCHEME);
    assert.equal(vscode.workspace.fs.isWritableFileSystem(EDIT_SCHEME), true);
    const editor = await editorFor(uri);
    assert.equal(editor.document.getText(), 'v1\n');
    // The endpoint is S3-compatible (roleChains.endpoints.s3), so the first edit in the bucket probed it: an empty
    // write next to the object, refused because of its If-Match, and nothing else written.
    const probes = (await s3Log()).filter((e) => e.operation === 'PutObject');
    assert.equal(probes.length, 1, JSON.stringify(probes));
    assert.match(probes[0]?.key ?? '', new RegExp(`^${RUN}/\\.role-chains-conditional-write-probe-[0-9a-f]+$`));
    assert.equal(probes[0]?.status, 404);

    await replaceAll(editor, 'v2 mine\n');
    await control.clearRequestLog();
    assert.equal(await editor.document.save(), true, 'the save succeeded');
    assert.equal(await textIn(theirsA, SEED.bucket1, notes.key), 'v2 mine\n');
    const puts = (await s3Log()).filter((e) => e.operation === 'PutObject');
    assert.deepEqual(puts.map((e) => [e.key, e.status]), [[notes.key, 200]]);
    const head = await theirsA.send(new GetObjectCommand({ Bucket: SEED.bucket1, Key: notes.key }));
    assert.equal(head.ServerSideEncryption, 'AES256', "the chain's SSE (default AES256) was sent");
    assert.equal(head.ContentType, 'text/markdown', 'the content type was kept');
    assert.equal(person.conflicts.length, 0);
  });

  it('a concurrent write makes the next save ask; Cancel keeps the text unsaved and their change in S3', async function () {
    assert.ok(notesUri, 'the first test opened the editor');
    const editor = await editorFor(notesUri);
    await theirsA.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: notes.key, Body: 'theirs\n' }));
    await control.clearRequestLog();
    await replaceAll(editor, 'v3 mine\n');
    person.conflictAnswers = ['cancel'];
    assert.equal(await editor.document.save(), false, 'the save was refused');
    assert.deepEqual(person.conflicts, [{ where: `s3://${SEED.bucket1}/${notes.key}`, reason: 'changed' }]);
    assert.equal(editor.document.isDirty, true, 'the editor is still dirty');
    assert.equal(editor.document.getText(), 'v3 mine\n', 'the text is kept');
    assert.equal(await textIn(theirsA, SEED.bucket1, notes.key), 'theirs\n', 'their change is not overwritten');
    const refused = (await s3Log()).filter((e) => e.operation === 'PutObject');
    assert.deepEqual(refused.map((e) => [e.status, e.errorCode]), [[412, 'PreconditionFailed']]);
  });

  it('Compare shows the object as it is now beside the text; Overwrite then writes the text', async function () {
    const editor = await editorFor(notesUri);
    person.conflictAnswers = ['compare'];
    assert.equal(await editor.document.save(), false, 'Compare does not save');
    const diff = await waitFor(() => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    }, 'the diff editor');
    assert.equal(diff.modified.toString(), notesUri, "the right side is the person's editor");
    assert.equal(diff.original.scheme, api.s3.documentScheme, 'the left side is the read-only object');
    const left = await vscode.workspace.openTextDocument(diff.original);
    assert.equal(left.getText(), 'theirs\n');
    assert.equal(editor.document.getText(), 'v3 mine\n');
    assert.equal(await textIn(theirsA, SEED.bucket1, notes.key), 'theirs\n');

    person.conflictAnswers = ['overwrite'];
    await control.clearRequestLog();
    assert.equal(await editor.document.save(), true, 'Overwrite saves');
    assert.equal(editor.document.isDirty, false);
    assert.equal(await textIn(theirsA, SEED.bucket1, notes.key), 'v3 mine\n');
    const puts = (await s3Log()).filter((e) => e.operation === 'PutObject').map((e) => e.status);
    assert.deepEqual(puts, [412, 200], 'the save after Compare asked again (412); only Overwrite wrote, without If-Match');
    assert.equal(person.conflicts.length, 2);

    // The overwrite's ETag is the next save's condition: a save with no one else writing goes straight through.
    await replaceAll(editor, 'v4 mine\n');
    assert.equal(await editor.document.save(), true);
    assert.equal(person.conflicts.length, 2, 'no question when nothing changed meanwhile');
    assert.equal(await textIn(theirsA, SEED.bucket1, notes.key), 'v4 mine\n');
  });

  it('a store without conditional writes is announced before editing; declining opens nothing', async () => {
    await control.setFaults({ s3IgnoreWriteConditions: true });
    const plain = { ...FINAL, bucket: SEED.bucket2, key: `${RUN}/plain.txt` };
    person.confirmAnswers = [false];
    const declined = await vscode.commands.executeCommand<string | undefined>('roleChains.s3.edit', plain);
    assert.equal(declined, undefined);
    assert.equal(person.confirms.length, 1);
    assert.match(person.confirms[0] ?? '', /ignores conditional writes/);
    const ops = (await s3Log()).filter((e) => e.operation === 'PutObject' || e.operation === 'DeleteObject').map((e) => `${e.operation} ${e.status}`);
    assert.deepEqual(ops, ['PutObject 200', 'DeleteObject 204'], 'the probe wrote its scratch object and took it away');
    assert.equal(await textIn(theirsB, SEED.bucket2, plain.key), 'b1\n', 'the object was not touched');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === EDIT_SCHEME && d.uri.path.endsWith('/plain.txt')));

    person.confirmAnswers = [true];
    const uri = await vscode.commands.executeCommand<string | undefined>('roleChains.s3.edit', plain);
    assert.ok(uri);
    const editor = await editorFor(uri);
    await replaceAll(editor, 'b2\n');
    assert.equal(await editor.document.save(), true, 'the person agreed: the save is unconditional');
    assert.equal(person.confirms.length, 2, 'asked once per decision, not again at save');
    assert.equal(await textIn(theirsB, SEED.bucket2, plain.key), 'b2\n');
  });
});
