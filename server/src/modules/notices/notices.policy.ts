import { makePolicy } from '../../platform/access.js';

/**
 * Notices are published by the branch, the community and above. Feedback content is read by the
 * publishers in scope; who sent it only by the supervisor role (纪检监督), who also answers it.
 */
export const noticesPolicy = makePolicy({
  'notice.manage': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'],
  'feedback.read': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
  'feedback.identity': ['supervisor'],
  'feedback.answer': ['supervisor'],
});
