import { ApiError } from '../api';
import { ErrorView } from './ErrorView';

/** Any path the app does not know. */
export function NotFoundPage() {
  return <ErrorView error={new ApiError(404, 'NOT_FOUND', 'not found')} />;
}
