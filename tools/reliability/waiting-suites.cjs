// The reliability suites that mostly wait rather than compute: on leases running out, retry delays,
// report steps and the stream's polling. Run alone on an idle machine they keep a core busy a third to
// half of their time (processor faults 35 %, large results 35 %, isolation over the wire 45 %, quotas
// 50 %), the fault and malformed-frame suites 65–70 %. `npm test` (tools/scripts/check.cjs) runs these
// one at a time in a Jest run of their own beside the other reliability suites, which run one at a time
// too: the CPU-heavy suites never share the cores with each other. `nx run reliability:integration` and
// `npx jest -c tools/reliability/jest.integration.config.cjs` still run every suite in one run.
// Each name is a file in src/ (`<name>.integration.spec.ts`); check.cjs fails on a name without its file.
module.exports = ['tenant-isolation.wire', 'processor-faults', 'large-results', 'quotas'];
