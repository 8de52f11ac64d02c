import { onLinkClick } from '../../router.js';
import { CONFIG_KINDS, type ConfigKind } from './config-kinds.js';
import { viewAddress } from './config-query.js';

const GROUPS: ReadonlyArray<ConfigKind['group']> = ['Monitoring', 'Alerting', 'Notifications', 'Healing'];

/** `/config`: every kind of configuration, by area, each linking to its list. */
export function KindIndex() {
  return (
    <section class="config" aria-labelledby="config-title">
      <h1 id="config-title">Configuration</h1>
      <p>
        What Vigia watches, when it alerts, whom it tells and how it heals. Definitions from the configuration
        file are shown read-only.
      </p>
      {GROUPS.map((group) => (
        <section key={group} aria-labelledby={`config-group-${group}`}>
          <h2 id={`config-group-${group}`}>{group}</h2>
          <ul class="kind-list">
            {CONFIG_KINDS.filter((kind) => kind.group === group).map((kind) => (
              <li key={kind.slug}>
                <a href={viewAddress(kind.slug, { mode: 'list', search: '' })} onClick={onLinkClick}>
                  {kind.title}
                </a>
                <span>{kind.description}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
