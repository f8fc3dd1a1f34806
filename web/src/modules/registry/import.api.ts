/** Resident import and export from the web: upload the file as the raw body, poll the job, links for the template, report and export. */
import { useQuery } from '@tanstack/react-query';
import type { ErrorBody } from '../../../../contracts/errors';
import type { Role } from '../../../../contracts/roles';
import { XLSX_TYPE, type ImportAccepted, type ImportJob } from '../../../../contracts/registry-import';
import { api, ApiError } from '../../api';

/** Who may import (registry policy 'resident.import'). */
export const IMPORT_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];
/** Who may export full numbers (policy 'resident.reveal'). */
export const REVEAL_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'township_staff'];

export const TEMPLATE_URL = '/api/v1/registry/import-template';
export const rejectedReportUrl = (jobId: string) => `/api/v1/registry/imports/${encodeURIComponent(jobId)}/rejected`;
export const exportUrl = (place: string, reveal: boolean) => `/api/v1/registry/export?place=${encodeURIComponent(place)}${reveal ? '&reveal=true' : ''}`;

function contentTypeOf(file: File): string {
  if (/\.xlsx$/i.test(file.name)) return XLSX_TYPE;
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  return file.type || 'application/octet-stream';
}

/** POST /registry/imports with the file as the body; a retry of the same upload (same key) gets the same job. */
export async function uploadResidents(file: File, opts: { community: string; createPlaces: boolean; csrfToken: string; idempotencyKey: string }): Promise<ImportAccepted> {
  const qs = new URLSearchParams({ community: opts.community, createPlaces: String(opts.createPlaces), fileName: file.name.slice(0, 200) || 'upload' });
  let res: Response;
  try {
    res = await fetch(`/api/v1/registry/imports?${qs}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': contentTypeOf(file), 'x-csrf-token': opts.csrfToken, 'idempotency-key': opts.idempotencyKey },
      body: file,
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  const data = (await res.json().catch(() => ({}))) as Partial<ErrorBody> & Partial<ImportAccepted>;
  if (!res.ok) throw new ApiError(res.status, data.code ?? `HTTP_${res.status}`, data.message ?? res.statusText, data.fields, data.requestId);
  return data as ImportAccepted;
}

/** The job, polled every half second while it runs. */
export function useImportJob(jobId: string | null) {
  return useQuery({
    queryKey: ['import-job', jobId],
    queryFn: () => api<ImportJob>(`/registry/imports/${encodeURIComponent(jobId!)}`),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 500 : false),
  });
}

/** Percent done for the progress bar (100 once finished). */
export function progressOf(job: ImportJob | undefined): number {
  if (!job) return 0;
  if (job.status !== 'running') return 100;
  return job.total ? Math.min(99, Math.floor((job.processed / job.total) * 100)) : 0;
}
