// The Settings gate's scope table against package.json: every roleChains setting is in it, user-only exactly when the
// manifest gives it application or machine scope, restricted exactly when the manifest restricts it in untrusted
// workspaces. And the one rule the gate applies to them.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SECTION, SETTING_SCOPES, sourceOf, type SettingKey } from '../../src/ui/settings/settingScopes';

interface Manifest {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } | Array<{ properties: Record<string, { scope?: string }> }> };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const configuration = manifest.contributes.configuration;
const properties = Object.assign({}, ...(Array.isArray(configuration) ? configuration : [configuration]).map((c) => c.properties)) as Record<string, { scope?: string }>;

describe('Settings gate scopes', () => {
  it('covers exactly the settings package.json declares', () => {
    assert.deepEqual(Object.keys(SETTING_SCOPES).map((k) => `${SECTION}.${k}`).sort(), Object.keys(properties).sort());
  });

  it('treats a setting as user-only exactly when its manifest scope is application or machine', () => {
    for (const [key, scope] of Object.entries(SETTING_SCOPES)) {
      const declared = properties[`${SECTION}.${key}`]?.scope;
      assert.equal(scope.userOnly, declared === 'application' || declared === 'machine', `${key} (scope ${declared ?? 'window'})`);
    }
  });

  it('treats a setting as restricted exactly when restrictedConfigurations lists it', () => {
    const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations);
    for (const [key, scope] of Object.entries(SETTING_SCOPES)) assert.equal(scope.restricted, restricted.has(`${SECTION}.${key}`), key);
    for (const name of restricted) assert.ok(name.slice(SECTION.length + 1) in SETTING_SCOPES, `${name} is restricted but the gate does not know it`);
  });

  it('reads endpoints from user settings only, and not at all in an untrusted workspace', () => {
    const endpoint: SettingKey = 'endpoints.sts';
    assert.equal(sourceOf(SETTING_SCOPES[endpoint], true), 'user');
    assert.equal(sourceOf(SETTING_SCOPES[endpoint], false), 'none');
  });

  it('reads chains from the workspace only while it is trusted, and user-only settings from the user always', () => {
    assert.equal(sourceOf(SETTING_SCOPES.chains, true), 'any');
    assert.equal(sourceOf(SETTING_SCOPES.chains, false), 'user');
    assert.equal(sourceOf(SETTING_SCOPES.persistSessions, true), 'user');
    assert.equal(sourceOf(SETTING_SCOPES.persistSessions, false), 'user');
    assert.equal(sourceOf(SETTING_SCOPES['s3.pageSize'], false), 'any');
  });
});
