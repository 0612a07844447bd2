/**
 * Policy waivers in the review: waived findings (WARN annotations of manifest.json)
 * that a change adds, removes or gives another reason, on real synthesized outputs of
 * the default catalog and edited copies of it, and the annotation parser on its own.
 */
import { runReview } from '../../tools/review/cli';
import { ReviewReport, WaiverChange, WarningEntry } from '../../tools/review/types';
import { WARNING_ORDER } from '../../tools/review/warnings';
import { parseWaivedAnnotation, splitReason } from '../../tools/review/waivers';
import { EditableCatalog, setPath } from '../support/catalog';
import { runApp, synthAfter } from '../support/synth';
import { clone, fleet, set, writeSynth } from './fixtures';

const REASON = 'vendor support needs direct host access (ticket CHG-1234)';
const OTHER_REASON = 'vendor support needs direct host access until 2026-06-30 (ticket CHG-1301)';
const FLEET_REASON = 'fleet-wide vendor support access (ticket CHG-2000)';
const FINDING = 'lockdown is "disabled"; allowed: normal or strict';

/** edge41's hosts out of lockdown, waived in its site file for `reason`. */
const waivedAtEdge41 =
  (reason: string) =>
  (c: EditableCatalog): void => {
    setPath(c.sites.edge41, 'esxi', { lockdown: 'disabled' });
    setPath(c.sites.edge41, 'waivers', [{ rule: 'esxi-lockdown', reason }]);
  };

const base = runApp({}).outdir;
const edge41Waived = synthAfter(waivedAtEdge41(REASON));

function review(from: string, to: string): { code: number; markdown: string; json: ReviewReport } {
  const md = runReview(['--base', from, '--head', to]);
  const json = runReview(['--base', from, '--head', to, '--format', 'json']);
  expect(md.stderr + json.stderr).toBe('');
  return { code: md.code, markdown: md.stdout, json: JSON.parse(json.stdout) as ReviewReport };
}

const waiverWarnings = (report: ReviewReport): WarningEntry[] => report.warnings.filter((w) => w.kind === 'waiver');
const allWaivers = (report: ReviewReport): WaiverChange[] => report.groups.flatMap((g) => g.waivers);

describe('waived policy findings in the review of real synth outputs', () => {
  test('a waiver added at one site: a warning naming the site, rule, construct path, reason and finding; exit 2', () => {
    const r = review(base, edge41Waived);
    expect(r.code).toBe(2);
    expect(r.json.changed).toBe(true);
    expect(r.json.schemaVersion).toBe(1);
    expect(r.json.groups).toHaveLength(1);
    const [group] = r.json.groups;
    expect(group).toMatchObject({ id: 1, scope: 'site', status: 'changed', sites: ['edge41'] });
    const host = (role: string): WaiverChange => ({
      op: 'added',
      rule: 'esxi-lockdown',
      constructPath: `edge41/hosts/${role}`,
      address: expect.stringMatching(new RegExp(`^vsphere_host\\.hosts_${role}_[0-9A-F]{8}$`)) as unknown as string,
      type: 'vsphere_host',
      reason: REASON,
      finding: FINDING,
    });
    expect(group.waivers).toEqual([host('preferred'), host('secondary')]);
    // The host resources changed too (lockdown normal → disabled): the waiver points at them.
    const changed = group.changes.map((c) => c.address);
    expect(group.waivers.map((w) => w.address)).toEqual(changed.filter((a) => a.startsWith('vsphere_host.hosts_')));
    expect(waiverWarnings(r.json)).toEqual([
      {
        kind: 'waiver',
        address: group.waivers[0].address,
        type: 'vsphere_host',
        message: `policy waiver added: esxi-lockdown at edge41/hosts/preferred — "${REASON}": ${FINDING}`,
        waiver: group.waivers[0],
        group: 1,
        scope: 'site',
        sites: ['edge41'],
      },
      expect.objectContaining({ kind: 'waiver', message: `policy waiver added: esxi-lockdown at edge41/hosts/secondary — "${REASON}": ${FINDING}`, sites: ['edge41'] }),
    ]);
    expect(group.warnings).toEqual(waiverWarnings(r.json).map(({ group: _g, scope: _s, sites: _sites, ...w }) => w));
    expect(r.json.summary.warnings).toBe(r.json.warnings.length);

    expect(r.markdown.split('\n')[0]).toBe('## Fleet review: 1 changed of 5 stacks · ⚠️ 2 warnings');
    const line = `- ⚠️ policy waiver added: esxi-lockdown at \`edge41/hosts/preferred\` — "${REASON}": ${FINDING} — edge41 (group 1)`;
    expect(r.markdown).toContain(`### ⚠️ Warnings (2)\n\n${line}\n`);
    expect(r.markdown.indexOf(line)).toBeLessThan(r.markdown.indexOf('### Changes'));
    // Also in the group's section, without the sites.
    expect(r.markdown).toContain(`Policy waivers:\n\n- ⚠️ policy waiver added: esxi-lockdown at \`edge41/hosts/preferred\` — "${REASON}": ${FINDING}\n`);
    expect(r.markdown).not.toContain('Policy waivers removed');
  });

  test('a waiver added at every site by fleet.yaml collapses into one group with the placeholder', () => {
    const head = synthAfter((c) => {
      setPath(c.fleet, 'defaults.esxi', { lockdown: 'disabled' });
      setPath(c.fleet, 'waivers', [{ rule: 'esxi-lockdown', reason: FLEET_REASON }]);
    });
    const r = review(base, head);
    expect(r.code).toBe(2);
    expect(r.json.groups).toHaveLength(1);
    const [group] = r.json.groups;
    expect(group.sites).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
    expect(group.waivers.map((w) => [w.op, w.rule, w.constructPath, w.reason, w.finding])).toEqual([
      ['added', 'esxi-lockdown', '<site>/hosts/preferred', FLEET_REASON, FINDING],
      ['added', 'esxi-lockdown', '<site>/hosts/secondary', FLEET_REASON, FINDING],
    ]);
    expect(waiverWarnings(r.json).map((w) => [w.message, w.sites])).toEqual([
      [`policy waiver added: esxi-lockdown at <site>/hosts/preferred — "${FLEET_REASON}": ${FINDING}`, group.sites],
      [`policy waiver added: esxi-lockdown at <site>/hosts/secondary — "${FLEET_REASON}": ${FINDING}`, group.sites],
    ]);
    expect(r.markdown).toContain(`- ⚠️ policy waiver added: esxi-lockdown at \`<site>/hosts/preferred\` — "${FLEET_REASON}": ${FINDING} — 4 sites: edge33, edge41, edge52, edge60 (group 1)`);
    expect(r.markdown).toContain('#### 1. 4 sites (canary 2, production 2) — changed');
  });

  test('a changed reason alone: the stack is changed with no Terraform change, a waiver warning old → new; exit 2', () => {
    const r = review(edge41Waived, synthAfter(waivedAtEdge41(OTHER_REASON)));
    expect(r.code).toBe(2);
    expect(r.json.summary.stacks).toMatchObject({ changed: 1, added: 0, removed: 0, unchanged: 4 });
    expect(r.json.groups).toEqual([expect.objectContaining({ sites: ['edge41'], status: 'changed', changes: [] })]);
    expect(allWaivers(r.json).map((w) => [w.op, w.constructPath, w.previousReason, w.reason])).toEqual([
      ['changed', 'edge41/hosts/preferred', REASON, OTHER_REASON],
      ['changed', 'edge41/hosts/secondary', REASON, OTHER_REASON],
    ]);
    expect(waiverWarnings(r.json).map((w) => w.message)).toEqual([
      `policy waiver reason changed: esxi-lockdown at edge41/hosts/preferred — "${REASON}" → "${OTHER_REASON}": ${FINDING}`,
      `policy waiver reason changed: esxi-lockdown at edge41/hosts/secondary — "${REASON}" → "${OTHER_REASON}": ${FINDING}`,
    ]);
    expect(r.markdown).toContain(`- ⚠️ policy waiver reason changed: esxi-lockdown at \`edge41/hosts/preferred\` — "${REASON}" → "${OTHER_REASON}": ${FINDING} — edge41 (group 1)`);
    expect(r.markdown).toContain('#### 1. edge41 (production) — changed\n\nNo change to the Terraform configuration: only policy waivers changed.\n');
  });

  test('a waiver removed: information, not a warning; still a change (exit 2)', () => {
    const r = review(edge41Waived, base);
    expect(r.code).toBe(2);
    expect(waiverWarnings(r.json)).toEqual([]);
    expect(allWaivers(r.json).map((w) => [w.op, w.constructPath, w.reason, w.finding])).toEqual([
      ['removed', 'edge41/hosts/preferred', REASON, FINDING],
      ['removed', 'edge41/hosts/secondary', REASON, FINDING],
    ]);
    expect(r.markdown).not.toContain('### ⚠️ Warnings');
    expect(r.markdown).toContain(
      `### ℹ️ Policy waivers removed (2)\n\n- ℹ️ policy waiver removed: esxi-lockdown at \`edge41/hosts/preferred\` — "${REASON}": ${FINDING} — edge41 (group 1)\n`,
    );
    expect(r.markdown.indexOf('Policy waivers removed')).toBeLessThan(r.markdown.indexOf('### Changes'));
  });

  test('a change without waivers, or with waivers that stay as they are, reports none', () => {
    const replicas = (c: EditableCatalog) => setPath(c.sites.edge33, 'tkg.workers.replicas', 3);
    const plain = review(base, synthAfter(replicas));
    const kept = review(edge41Waived, synthAfter((c) => (waivedAtEdge41(REASON)(c), replicas(c))));
    for (const r of [plain, kept]) {
      expect(r.code).toBe(2);
      expect(r.json.groups.map((g) => [g.sites, g.waivers])).toEqual([[['edge33'], []]]);
      expect(waiverWarnings(r.json)).toEqual([]);
      expect(r.markdown).not.toContain('policy waiver');
      expect(r.markdown).not.toContain('Policy waivers');
    }
    const same = review(edge41Waived, synthAfter(waivedAtEdge41(REASON)));
    expect(same.code).toBe(0);
    expect(same.json.groups).toEqual([]);
  });
});

describe('the waiver annotations of manifest.json', () => {
  const warn = (message: string, constructPath = 'edge01/hosts/esx01', level = '@cdktf/warn') => ({ constructPath, level, message, stacktrace: ['at x'] });

  test('parses rule, reason, construct path and finding; cdktf writes @cdktf/warn, WARN is accepted too', () => {
    const expected = { constructPath: 'edge41/hosts/preferred', rule: 'esxi-lockdown', reason: REASON, finding: FINDING };
    expect(parseWaivedAnnotation(warn(`policy esxi-lockdown waived (${REASON}): ${FINDING}`, 'edge41/hosts/preferred'))).toEqual(expected);
    expect(parseWaivedAnnotation(warn(`policy esxi-lockdown waived (${REASON}): ${FINDING}`, 'edge41/hosts/preferred', 'WARN'))).toEqual(expected);
  });

  test.each([
    ['parentheses in the reason', 'vendor (see CHG-1 (and CHG-2)) access', 'no thumbprint; allowed: x'],
    ['"): " inside balanced parentheses of the reason', 'access (ticket: CHG-1): until June (see note): ok', 'no thumbprint; allowed: x'],
    ['an unbalanced reason', 'step 1) of the vendor runbook', 'lockdown is "disabled"; allowed: normal or strict'],
    ['"): " in the finding', 'vendor access for two weeks', 'additionalImageRegistries[0] (a): b'],
  ])('splits the reason from the finding: %s', (_what, reason, finding) => {
    expect(splitReason(`${reason}): ${finding}`)).toEqual({ reason, finding });
  });

  test('ignores every other annotation', () => {
    for (const entry of [
      warn(`policy esxi-lockdown: ${FINDING}`, 'edge01/hosts/esx01', '@cdktf/error'),
      warn(`policy esxi-lockdown waived (${REASON}): ${FINDING}`, 'edge01/hosts/esx01', '@cdktf/info'),
      warn('deprecated attribute used'),
      warn('policy esxi-lockdown waived (no end of the reason'),
      { level: '@cdktf/warn', message: `policy esxi-lockdown waived (${REASON}): ${FINDING}` },
      'policy esxi-lockdown waived (x): y',
      null,
    ]) {
      expect(parseWaivedAnnotation(entry)).toBeUndefined();
    }
  });

  test('only waived findings count: other annotations that differ are no change', () => {
    const sites = { edge01: 'canary' };
    const before = writeSynth(fleet(sites), { edge01: [warn('deprecated attribute used')] });
    const after = writeSynth(fleet(sites), { edge01: [warn('another note'), warn(`policy esxi-lockdown: ${FINDING}`, 'edge01/hosts/esx01', '@cdktf/error')] });
    const run = runReview(['--base', before, '--head', after]);
    expect(run.code).toBe(0);
  });

  test('a waived finding whose element the stack does not name is shown at its construct path; waiver sorts after count-changed and rollout, before decommissioned and forget', () => {
    const sites = { edge01: 'canary', edge02: 'canary' };
    const head = clone(fleet(sites));
    set(head.edge02, 'resource.vsphere_datacenter.dc.folder', '/edge');
    const annotations = { edge02: [warn('policy tls-verification waived (lab vCenter has a self-signed certificate): allow_unverified_ssl is true; allowed: false', 'edge02/vsphere')] };
    const run = runReview(['--base', writeSynth(fleet(sites)), '--head', writeSynth(head, annotations), '--format', 'json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as ReviewReport;
    expect(report.warnings.map((w) => [w.kind, w.address, w.type])).toEqual([
      ['replace', 'vsphere_compute_cluster.cluster', 'vsphere_compute_cluster'],
      ['replace', 'vsphere_datacenter.dc', 'vsphere_datacenter'],
      ['replace', 'vsphere_distributed_virtual_switch.vds', 'vsphere_distributed_virtual_switch'],
      ['waiver', 'edge02/vsphere', 'provider'],
    ]);
    expect(report.groups[0].waivers[0]).toEqual({
      op: 'added',
      rule: 'tls-verification',
      constructPath: 'edge02/vsphere',
      reason: 'lab vCenter has a self-signed certificate',
      finding: 'allow_unverified_ssl is true; allowed: false',
    });
    expect(WARNING_ORDER.slice(-8)).toEqual(['count-changed', 'rollout', 'restore', 'replication-filter', 'access', 'waiver', 'decommissioned', 'forget']);
  });

  test('reasons are compared as written: sites whose reasons differ do not collapse; the site id is abstracted elsewhere', () => {
    const sites = { edge01: 'canary', edge02: 'canary', edge03: 'canary' };
    const annotation = (id: string, reason: string) => [warn(`policy required-labels waived (${reason}): missing labels edge-fleet.tanzu/site=${id}; allowed: x`, `${id}/namespace`)];
    const head = writeSynth(fleet(sites), {
      edge01: annotation('edge01', 'legacy namespace kept for the pilot'),
      edge02: annotation('edge02', 'legacy namespace kept for the pilot'),
      edge03: annotation('edge03', 'legacy namespace of edge03 kept'),
    });
    const report = JSON.parse(runReview(['--base', writeSynth(fleet(sites)), '--head', head, '--format', 'json']).stdout) as ReviewReport;
    expect(report.groups.map((g) => [g.sites, g.changes, g.waivers.map((w) => [w.constructPath, w.reason, w.finding])])).toEqual([
      [['edge01', 'edge02'], [], [['<site>/namespace', 'legacy namespace kept for the pilot', 'missing labels edge-fleet.tanzu/site=<site>; allowed: x']]],
      [['edge03'], [], [['edge03/namespace', 'legacy namespace of edge03 kept', 'missing labels edge-fleet.tanzu/site=edge03; allowed: x']]],
    ]);
  });
});
