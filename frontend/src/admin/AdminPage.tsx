import { usePageTitle } from '../shell/usePageTitle';
import { RegistrationSetting } from './RegistrationSetting';
import { SsoSettings } from './SsoSettings';
import { StatsCards } from './StatsCards';
import { UsersTable } from './UsersTable';

/** Site administration, for SUPER_ADMIN only (the route guard checks). */
export function AdminPage() {
  usePageTitle('Admin');
  return (
    <>
      <h1>Admin</h1>
      <StatsCards />
      <RegistrationSetting />
      <SsoSettings />
      <UsersTable />
    </>
  );
}
