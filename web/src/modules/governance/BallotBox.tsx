/**
 * The ballot box of a secret vote (staff): the second paper step. Ballots taken from the box are
 * entered one by one without their voters, never more than were handed in; on an owners' vote each
 * names the number written on its paper at hand-in, which carries its floor area.
 */
import { Card, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { ChoicePicker } from './ChoicePicker';
import { useBoxBallot, type Vote } from './governance.api';
import { useSaveAction } from './useSaveAction';

export function BallotBox({ vote }: { vote: Vote }) {
  const { t } = useI18n();
  const box = useBoxBallot();
  const run = useSaveAction();
  const [paperNo, setPaperNo] = useState('');
  const owners = vote.method === 'owners';
  const full = vote.paper.entered >= vote.paper.handedIn;
  const enter = (choices: string[]) =>
    void run(async () => {
      await box.mutateAsync({ id: vote.id, choices, ...(owners ? { paperNo: paperNo.trim() } : {}) });
      setPaperNo('');
    });
  return (
    <Card size="small" title={t('vote.box')} data-testid="ballot-box">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('vote.boxHelp')}</Typography.Text>
        <Typography.Text strong data-testid="box-count">
          {t('vote.boxCount', { h: vote.paper.handedIn, e: vote.paper.entered })}
        </Typography.Text>
        <Flex gap={8} wrap align="center">
          {owners && (
            <Input
              size="small"
              style={{ width: 160 }}
              placeholder={t('vote.paperNo')}
              value={paperNo}
              disabled={full}
              onChange={(e) => setPaperNo(e.target.value)}
              data-testid="box-paper-no"
            />
          )}
          <ChoicePicker vote={vote} testId="box" enterLabel={t('vote.boxEnter')} disabled={full || box.isPending || (owners && !paperNo.trim())} spoilt onPick={enter} />
        </Flex>
      </Flex>
    </Card>
  );
}
