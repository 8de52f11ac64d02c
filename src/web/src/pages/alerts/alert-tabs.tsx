import { useRef } from 'preact/hooks';
import { ALERT_TABS, type AlertTab, tabAfterKey } from './alert-tabs-model.js';

/** The id of the panel the tabs control, and of each tab (the panel is labelled by the selected one). */
export const TAB_PANEL_ID = 'alerts-tab-panel';
export const tabId = (tab: AlertTab) => `alerts-tab-${tab}`;

/**
 * The page's tab list: one tab selected and in the tab order, arrows (and Home, End) move the
 * selection and the focus. `counts` adds a number to a tab's name (`Silenced (2)`).
 */
export function AlertTabs(props: {
  current: AlertTab;
  counts: Partial<Record<AlertTab, number>>;
  onSelect: (tab: AlertTab) => void;
}) {
  const buttons = useRef(new Map<AlertTab, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const next = tabAfterKey(props.current, event.key);
    if (!next) return;
    event.preventDefault();
    props.onSelect(next);
    buttons.current.get(next)?.focus();
  };
  return (
    <div role="tablist" aria-label="Alert views" class="alert-tabs" onKeyDown={onKeyDown}>
      {ALERT_TABS.map((tab) => {
        const selected = tab.id === props.current;
        const count = props.counts[tab.id];
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-selected={selected}
            aria-controls={TAB_PANEL_ID}
            tabIndex={selected ? 0 : -1}
            ref={(el) => {
              if (el) buttons.current.set(tab.id, el);
              else buttons.current.delete(tab.id);
            }}
            onClick={() => props.onSelect(tab.id)}
          >
            {tab.title}
            {count !== undefined && count > 0 && <span class="tab-count"> ({count})</span>}
          </button>
        );
      })}
    </div>
  );
}
