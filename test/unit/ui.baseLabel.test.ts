// How a chain's base credentials are named in the Chains view's tooltip and the import list: profile, IAM Identity
// Center (account/role, or the portal when they are chosen at run time) or the default chain; all through the translator.
import assert from 'node:assert/strict';
import { baseDetail, baseLabel } from '../../src/ui/shared/baseLabel';
import { isMarked, l10nEnglish, l10nMarking } from '../support/l10nEnglish';

const URL = 'https://d-1234567890.awsapps.com/start';

describe('base credentials label', () => {
  it('names a profile, the default chain, or IAM Identity Center by account/role, else by its portal', () => {
    assert.equal(baseLabel({ sourceProfile: 'dev' }, l10nEnglish), 'dev');
    assert.equal(baseLabel({}, l10nEnglish), 'default credentials');
    assert.equal(baseLabel({ sso: { session: 'corp', accountId: '111111111111', roleName: 'ReadOnly' } }, l10nEnglish), 'IAM Identity Center · 111111111111/ReadOnly');
    assert.equal(baseLabel({ sso: { session: 'corp', accountId: '111111111111' } }, l10nEnglish), 'IAM Identity Center · 111111111111');
    assert.equal(baseLabel({ sso: { session: 'corp' } }, l10nEnglish), 'IAM Identity Center · corp');
    assert.equal(baseLabel({ sso: { startUrl: URL, region: 'eu-west-1' } }, l10nEnglish), 'IAM Identity Center · d-1234567890.awsapps.com');
  });

  it("the tooltip line says what is chosen when the chain runs", () => {
    assert.equal(baseDetail({ sourceProfile: 'dev' }, l10nEnglish), 'Base credentials: profile dev');
    assert.equal(baseDetail({}, l10nEnglish), 'Base credentials: default provider chain');
    assert.equal(
      baseDetail({ sso: { startUrl: URL, region: 'eu-west-1', roleName: 'ReadOnly' } }, l10nEnglish),
      `Base credentials: IAM Identity Center, ${URL} (eu-west-1) · account chosen when the chain runs · role ReadOnly`,
    );
    assert.equal(
      baseDetail({ sso: { session: 'corp', accountId: '111111111111', roleName: 'Admin' } }, l10nEnglish),
      'Base credentials: IAM Identity Center, sso-session corp · account 111111111111 · role Admin',
    );
  });

  it('sends every text through the translator', () => {
    const chains = [{}, { sourceProfile: 'dev' }, { sso: { session: 'corp' } }, { sso: { startUrl: URL, region: 'eu-west-1', accountId: '111111111111' } }];
    for (const chain of chains) {
      assert.ok(isMarked(baseDetail(chain, l10nMarking)), JSON.stringify(chain));
      if (!('sourceProfile' in chain)) assert.ok(isMarked(baseLabel(chain, l10nMarking)), JSON.stringify(chain));
    }
  });
});
