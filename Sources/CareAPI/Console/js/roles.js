// What each role works on: its screens in order, the first being its home. Actions inside a
// screen are shown or hidden by permission (session.can); the API refuses the rest anyway.

/** Screens, the module that draws each, and the permission needed to open it. */
export const screens = {
  dashboard: { title: 'screenDashboard', module: './views/dashboard.js', needs: 'stats.read' },
  dispatch: { title: 'screenDispatch', module: './views/dispatch.js', needs: 'order.dispatch' },
  alerts: { title: 'screenAlerts', module: './views/alerts.js', needs: 'alert.read' },
  map: { title: 'screenMap', module: './views/map.js', needs: 'elder.read' },
  orders: { title: 'screenOrders', module: './views/orders.js', needs: 'order.read' },
  intake: { title: 'screenIntake', module: './views/intake.js', needs: 'order.create' },
  cases: { title: 'screenCases', module: './views/cases.js', needs: 'case.read' },
  approvals: { title: 'screenApprovals', module: './views/approvals.js', needs: 'case.approve' },
  referrals: { title: 'screenReferrals', module: './views/referrals.js', needs: 'referral.read' },
  assessments: { title: 'screenAssessments', module: './views/assessments.js', needs: 'assessment.read' },
  training: { title: 'screenTraining', module: './views/training.js', needs: 'training.read' },
  activities: { title: 'screenActivities', module: './views/activities.js', needs: 'activity.read' },
  elders: { title: 'screenElders', module: './views/elders.js', needs: 'elder.read' },
  devices: { title: 'screenDevices', module: './views/devices.js', needs: 'device.read' },
  complaints: { title: 'screenComplaints', module: './views/complaints.js', needs: 'complaint.read' },
  registry: { title: 'screenRegistry', module: './views/registry.js', needs: 'registry.read' },
  conflicts: { title: 'screenConflicts', module: './views/conflicts.js', needs: 'conflict.read' },
  sync: { title: 'screenSync', module: './views/sync.js', needs: 'sync.read' },
  caregiver: { title: 'screenCaregiver', module: './views/caregiver.js', needs: 'order.serve' },
  health: { title: 'screenHealth', module: './views/health.js', needs: 'health.read' },
  care: { title: 'screenCare', module: './views/care.js', needs: 'care.read' },
  calls: { title: 'screenCalls', module: './views/calls.js', needs: 'call.read' },
  accounts: { title: 'screenAccounts', module: './views/accounts.js', needs: 'operator.write' },
  timebank: { title: 'screenTimeBank', module: './views/timebank.js', needs: 'volunteer.read' },
  exports: { title: 'screenExports', module: './views/exports.js', needs: 'data.export' },
  imports: { title: 'screenImports', module: './views/imports.js', needs: 'elder.write' },
  stays: { title: 'screenStays', module: './views/stays.js', needs: 'stay.read' },
  inspections: { title: 'screenInspections', module: './views/inspections.js', needs: 'inspection.read' },
  performance: { title: 'screenPerformance', module: './views/performance.js', needs: 'stats.read' },
  credit: { title: 'screenCredit', module: './views/credit.js', needs: 'credit.read' },
  // Every signed-in account reads the policies and guides: the screen needs no permission.
  policies: { title: 'screenPolicies', module: './views/policies.js', needs: null },
  publicSubmissions: { title: 'screenPublic', module: './views/publicsubmissions.js', needs: 'public.read' },
};

const byRole = {
  dispatcher: ['dispatch', 'publicSubmissions', 'alerts', 'calls', 'map', 'orders', 'approvals', 'assessments', 'complaints', 'inspections', 'credit', 'performance', 'stays', 'dashboard', 'registry', 'policies', 'sync'],
  callAgent: ['calls', 'intake', 'cases', 'alerts', 'orders', 'complaints', 'elders', 'activities', 'policies'],
  clerk: ['intake', 'publicSubmissions', 'cases', 'referrals', 'assessments', 'training', 'activities', 'elders', 'orders', 'complaints', 'timebank', 'care', 'stays', 'policies', 'sync'],
  assessor: ['assessments', 'elders', 'orders', 'policies'],
  inspector: ['inspections', 'performance', 'complaints', 'credit', 'dashboard', 'map', 'orders', 'registry', 'care', 'stays', 'policies'],
  stationStaff: ['elders', 'stays', 'care', 'inspections', 'health', 'orders', 'publicSubmissions', 'alerts', 'calls', 'devices', 'conflicts', 'intake', 'cases', 'assessments', 'timebank', 'training', 'activities', 'policies', 'sync', 'imports'],
  caregiver: ['caregiver', 'care', 'training', 'policies'],
  organisationAdmin: ['orders', 'inspections', 'performance', 'referrals', 'registry', 'complaints', 'credit', 'dashboard', 'policies'],
  viewer: ['dashboard', 'map', 'orders', 'elders', 'alerts', 'credit', 'policies'],
  auditor: ['sync', 'conflicts', 'orders', 'complaints', 'dashboard', 'credit', 'policies'],
};

/** An administrator's home follows the tier: the county watches, a street takes requests, a station keeps its register. */
const adminByTier = {
  county: ['dashboard', 'dispatch', 'publicSubmissions', 'alerts', 'calls', 'map', 'orders', 'approvals', 'assessments', 'cases', 'complaints', 'inspections', 'credit', 'policies', 'performance', 'registry', 'training', 'activities', 'elders', 'health', 'care', 'stays', 'devices', 'timebank', 'conflicts', 'sync', 'accounts', 'exports', 'imports'],
  street: ['intake', 'publicSubmissions', 'cases', 'referrals', 'assessments', 'training', 'activities', 'elders', 'orders', 'alerts', 'complaints', 'inspections', 'performance', 'care', 'stays', 'timebank', 'map', 'dashboard', 'registry', 'credit', 'policies', 'conflicts', 'sync', 'accounts', 'exports', 'imports'],
  community: ['elders', 'stays', 'care', 'inspections', 'health', 'orders', 'publicSubmissions', 'alerts', 'devices', 'conflicts', 'intake', 'cases', 'assessments', 'timebank', 'training', 'activities', 'map', 'dashboard', 'registry', 'credit', 'policies', 'sync', 'accounts', 'exports', 'imports'],
};

/** The screens of a role at a tier, already filtered by permission. */
export function screensFor(role, tier, can) {
  const list = role === 'admin' ? adminByTier[tier] || adminByTier.county : byRole[role] || ['sync'];
  return list.filter((name) => !screens[name].needs || can(screens[name].needs));
}

/** Roles whose screens keep the alert stream open, so a critical alert pops up wherever they are. */
export const watchesAlerts = (role) => ['admin', 'dispatcher', 'callAgent', 'stationStaff', 'viewer'].includes(role);
