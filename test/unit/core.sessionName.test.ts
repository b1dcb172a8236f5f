// RoleSessionName templates render to what STS accepts.
import assert from 'node:assert/strict';
import { DEFAULT_SESSION_NAME_TEMPLATE, currentUserName, renderSessionName } from '../../src/core/sessionName';
import { validateSessionName } from '../../src/core/validation';

const vars = { chain: 'prod deploy', step: 2, user: 'alice', time: 1_700_000_000_123 };

describe('renderSessionName', () => {
  it('renders the default template with the user', () => {
    assert.equal(renderSessionName(DEFAULT_SESSION_NAME_TEMPLATE, vars), 'role-chains-alice');
  });

  it('replaces every placeholder and sanitises what STS would reject', () => {
    assert.equal(renderSessionName('${user}@${chain}#${step}-${time}', vars), 'alice@prod-deploy-2-1700000000');
    assert.equal(renderSessionName('x-${unknown}-y', vars), 'x--y');
  });

  const odd = ['${user}', '', 'a', '${chain}/${chain}/${chain}/${chain}/${chain}/${chain}/${chain}/${chain}', 'ünïcode ${user}', '$'];
  for (const template of odd) {
    it(`always yields a valid session name for ${JSON.stringify(template)}`, () => {
      const name = renderSessionName(template, { ...vars, user: template === '${user}' ? 'x' : 'alice' });
      assert.equal(validateSessionName(name), undefined, name);
    });
  }

  it('gives a sanitised OS user name', () => {
    assert.match(currentUserName(), /^[\w+=,.@-]{1,32}$/);
  });
});
