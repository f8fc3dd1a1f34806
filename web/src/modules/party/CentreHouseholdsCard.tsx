/** 单元中心户: per unit, the appointed household and the suggested ones (party-member households first). */
import { useState } from 'react';
import { App, Button, Card, Select, Table, Tag, Typography } from 'antd';
import type { UnitCentre } from '../../../../contracts/party';
import { localiseMessage } from '../../api';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { useAppoint, useCentreHouseholds } from './party.api';

/** `compoundNames` names the compounds, so units of same-named buildings (1号楼 in every compound) tell apart. */
export function CentreHouseholdsCard({ code, canAppoint, compoundNames }: { code: string; canAppoint: boolean; compoundNames: Map<string, string> }) {
  const { t } = useI18n();
  const units = useCentreHouseholds(code);
  return (
    <Card title={t('party.centre')} className="block" data-testid="centre-households">
      {units.error ? (
        <ErrorView error={units.error} onRetry={() => void units.refetch()} />
      ) : (
        <Table<UnitCentre>
          rowKey="unitCode"
          size="middle"
          loading={units.isLoading}
          dataSource={units.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          scroll={{ x: 'max-content' }}
          columns={[
            ...(code.length < 15 ? [{ title: t('level.compound'), key: 'compound', render: (_: unknown, u: UnitCentre) => compoundNames.get(u.buildingCode.slice(0, 15)) ?? '' }] : []),
            { title: t('level.building'), dataIndex: 'buildingName' },
            { title: t('party.unit'), dataIndex: 'unitName' },
            {
              title: t('party.appointed'),
              key: 'appointed',
              render: (_, u) =>
                u.appointed ? (
                  <span data-testid="appointed">
                    {u.appointed.householdName}
                    {u.appointed.residentName && <Typography.Text type="secondary"> · {u.appointed.residentName}</Typography.Text>}
                  </span>
                ) : (
                  <Tag>{t('party.notAppointed')}</Tag>
                ),
            },
            { title: t('party.candidate'), key: 'pick', render: (_, u) => <Appoint unit={u} canAppoint={canAppoint} /> },
          ]}
        />
      )}
    </Card>
  );
}

function Appoint({ unit, canAppoint }: { unit: UnitCentre; canAppoint: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const appoint = useAppoint();
  const [picked, setPicked] = useState<string | null>(unit.appointed?.householdCode ?? unit.suggested);
  if (!unit.candidates.length) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const label = (c: UnitCentre['candidates'][number]) =>
    `${c.householdName}${c.headName ? ` ${c.headName}` : ''}${c.partyMembers ? ` · ${t('party.partyMembersN', { n: c.partyMembers })}` : ''}`;
  return (
    <span className="party-appoint">
      <Select
        size="small"
        value={picked}
        onChange={setPicked}
        style={{ minWidth: 200 }}
        disabled={!canAppoint}
        options={unit.candidates.map((c) => ({ value: c.householdCode, label: label(c) }))}
        data-testid="centre-pick"
      />
      {canAppoint && (
        <Button
          size="small"
          type="primary"
          ghost
          disabled={!picked || picked === unit.appointed?.householdCode}
          loading={appoint.isPending}
          data-testid="centre-appoint"
          onClick={() =>
            appoint.mutate(
              { unitCode: unit.unitCode, householdCode: picked! },
              {
                onSuccess: () => void message.success(t('party.appointedOk', { unit: `${unit.buildingName}${unit.unitName}` })),
                onError: (e) => void message.error(localiseMessage(e.message, lang)),
              },
            )
          }
        >
          {t('party.appoint')}
        </Button>
      )}
    </span>
  );
}
