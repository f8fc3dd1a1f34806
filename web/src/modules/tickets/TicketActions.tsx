/** The buttons of a ticket: exactly the actions given (the API's allowedActions), 接单 in one tap, the rest through their modal. */
import { useState } from 'react';
import { App, Button, Flex } from 'antd';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { actionErrorText } from './actionErrors';
import { ActionModal, type ActionTarget } from './ActionModal';
import { useTicketAction, type TicketAction } from './tickets.api';
import { ACTIONS, DANGER_ACTIONS, PRIMARY_ACTIONS } from './vocab';

/** Actions that need no words: done at once. */
const ONE_TAP: ReadonlySet<TicketAction> = new Set(['accept']);

export function TicketActions({
  ticket,
  actions,
  size = 'middle',
  block = false,
  onDone,
}: {
  ticket: ActionTarget;
  actions: readonly TicketAction[];
  size?: 'small' | 'middle' | 'large';
  block?: boolean;
  onDone?: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const act = useTicketAction();
  const [open, setOpen] = useState<TicketAction | null>(null);
  const ordered = ACTIONS.filter((a) => actions.includes(a));
  if (!ordered.length) return null;

  const tap = async (action: TicketAction) => {
    try {
      await act.mutateAsync({ id: ticket.id, action, body: ticket.version !== undefined ? { version: ticket.version } : {} });
      void message.success(t('tickets.action.done', { action: t(`tickets.action.${action}`), number: ticket.number }));
      onDone?.();
    } catch (e) {
      const text = actionErrorText(e, t, lang);
      if (e instanceof ApiError && e.status === 409) void message.warning(text);
      else void message.error(text);
    }
  };

  // Clicks inside the modal (a portal) bubble up the React tree: keep them from a clickable card around.
  return (
    <div onClick={(e) => e.stopPropagation()}>
      <Flex gap={8} wrap className={block ? 'ticket-actions ticket-actions-block' : 'ticket-actions'} data-testid="ticket-actions">
        {ordered.map((a) => (
          <Button
            key={a}
            size={size}
            type={PRIMARY_ACTIONS.has(a) ? 'primary' : 'default'}
            danger={DANGER_ACTIONS.has(a)}
            loading={act.isPending && act.variables?.action === a}
            onClick={() => {
              if (ONE_TAP.has(a)) void tap(a);
              else setOpen(a);
            }}
            data-testid={`action-${a}`}
          >
            {t(`tickets.action.${a}`)}
          </Button>
        ))}
      </Flex>
      {open && <ActionModal ticket={ticket} action={open} onClose={() => setOpen(null)} onDone={onDone} />}
    </div>
  );
}
