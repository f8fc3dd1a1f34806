import { Typography } from 'antd';

/** A masked number (as the API sends it) in a fixed-width font, or a dash when there is none. */
export function Masked({ value }: { value: string | null }) {
  return value ? <Typography.Text className="code">{value}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>;
}
