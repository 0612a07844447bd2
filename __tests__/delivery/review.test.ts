/**
 * Promotion and rollback as the review shows them, on real synth outputs: one ring's
 * version change is one application headline naming the sites it reaches; a version
 * the ring's replication filter keeps from the site Harbor is a warning, and a label
 * filter, which the catalog cannot check, a reminder.
 */
import { matchesTagPattern } from '../../tools/review/applications';
import { runReview } from '../../tools/review/cli';
import { Headline } from '../../tools/review/types';
import { setPath } from '../support/catalog';
import { runApp, synthAfter } from '../support/synth';

type Report = { headlines: Headline[]; warnings: Array<{ kind: string; address: string; sites: string[]; message: string }> };
const base = runApp({}).outdir;
const review = (head: string): { markdown: string; json: Report } => ({
  markdown: runReview(['--base', base, '--head', head]).stdout,
  json: JSON.parse(runReview(['--base', base, '--head', head, '--format', 'json']).stdout) as Report,
});

describe('promoting and rolling back an application in the review', () => {
  test('ship 1.5.0 to canary: one headline for ring canary with its site; event-based replication needs no warning', () => {
    const r = review(synthAfter((c) => setPath(c.fleet, 'rings.canary.applications.storefront', '1.5.0')));
    expect(r.json.headlines.filter((h) => h.kind === 'application')).toEqual([
      expect.objectContaining({
        kind: 'application',
        application: 'storefront',
        ring: 'canary',
        from: '1.4.2',
        to: '1.5.0',
        stacks: ['edge33'],
        message: 'application storefront 1.4.2 → 1.5.0 in ring canary: Argo CD syncs it from the site Harbor (with its canary analysis where it has one) at 1 site: edge33',
      }),
    ]);
    expect(r.json.warnings.filter((w) => w.kind === 'replication-filter')).toEqual([]);
    expect(r.markdown).toContain('- **Application**: application storefront 1.4.2 → 1.5.0 in ring canary');
  });

  test('promote to production: its sites in one headline, and the label filter the catalog cannot check is said so', () => {
    const r = review(synthAfter((c) => setPath(c.fleet, 'rings.production.applications.storefront', '1.5.0')));
    const headline = r.json.headlines.find((h) => h.kind === 'application');
    expect(headline).toEqual(expect.objectContaining({ ring: 'production', from: '1.4.2', to: '1.5.0', stacks: ['edge41', 'edge52'] }));
    const warnings = r.json.warnings.filter((w) => w.kind === 'replication-filter');
    // One per group of sites with the same changes; together every site of the ring.
    expect(warnings.flatMap((w) => w.sites).sort()).toEqual(['edge41', 'edge52']);
    for (const w of warnings) {
      expect(w.address).toMatch(/^kubernetes_manifest\.delivery_applications_app_/);
      expect(w.message).toMatch(/^storefront 1\.5\.0 reaches the site Harbor only if its chart and images in edge-apps carry the Harbor label 'promoted' at the hub \(the ring's replication filter\): the catalog cannot check a label/);
    }
    expect(warnings[0].message).toContain('the site keeps running 1.4.2');
  });

  test("a release tag the ring's tag filter does not match is a warning; a site that pins its version stays out of the ring's headline", () => {
    const r = review(
      synthAfter((c) => {
        setPath(c.fleet, 'rings.production.replication.filter', { tag: 'v*' });
        setPath(c.fleet, 'rings.production.applications.storefront', '1.5.0');
        setPath(c.sites.edge52, 'applications.storefront', { version: '1.4.2' });
      }),
    );
    expect(r.json.headlines.filter((h) => h.kind === 'application').map((h) => h.stacks)).toEqual([['edge41']]);
    expect(r.json.warnings.filter((w) => w.kind === 'replication-filter')).toEqual([
      expect.objectContaining({
        sites: ['edge41'],
        message:
          "storefront 1.5.0 does not match the ring's replication tag filter 'v*' (project edge-apps): the hub never replicates it to the site Harbor, so Argo CD cannot sync it and the site keeps running 1.4.2; " +
          "allowed: a version the filter matches, or change the ring's filter first (docs/application-delivery.md, The image path)",
      }),
    ]);
  });

  test('roll back: the ring version back is a change of its own, shown the same way', () => {
    const promoted = synthAfter((c) => setPath(c.fleet, 'rings.canary.applications.storefront', '1.5.0'));
    const md = runReview(['--base', promoted, '--head', base, '--format', 'json']);
    const r = JSON.parse(md.stdout) as Report;
    expect(r.headlines.filter((h) => h.kind === 'application').map((h) => h.message)).toEqual([
      'application storefront 1.5.0 → 1.4.2 in ring canary: Argo CD syncs it from the site Harbor (with its canary analysis where it has one) at 1 site: edge33',
    ]);
  });
});

describe("Harbor's tag filter patterns", () => {
  test.each<[string, string, boolean]>([
    ['1.5.0', '*', true],
    ['1.5.0', '1.5.*', true],
    ['1.5.0', '1.4.*', false],
    ['1.5.0', 'v*', false],
    ['1.5.0-rc.1', '{1.5.0,1.5.1}', false],
    ['1.5.1', '{1.5.0,1.5.1}', true],
    ['1.5.0', '1.?.0', true],
    ['1.5.0', '1.[0-4].0', false],
    ['1.5.0', '**', true],
    ['release-1.5.0', 'release-*', true],
  ])('%s against %s', (tag, pattern, expected) => {
    expect(matchesTagPattern(tag, pattern)).toBe(expected);
  });
});
