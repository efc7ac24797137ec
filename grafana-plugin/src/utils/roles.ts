import { OrgRole } from '@grafana/data';
import { config } from '@grafana/runtime';

/**
 * Whether the signed-in user is an Admin of the current organisation. Grafana's plugin proxy
 * checks the same role (`reqRole: Admin` on the write routes in plugin.json), so hiding the edit
 * controls from everyone else matches what the server would refuse anyway.
 */
export function isOrgAdmin(): boolean {
  return config.bootData.user.orgRole === OrgRole.Admin;
}
