// The infra suites synthesize the stack dozens of times. aws-cdk-lib validates every synthesized template
// against CloudFormation's resource schemas (its built-in CloudFormationValidationPlugin), which takes
// seconds per synth; it is off for these suites (CDK_VALIDATION=false, as aws-cdk-lib's AppProps
// `builtinCloudFormationValidation` documents) and on in cloudformation-validation.spec.ts, which runs
// it once on the whole stack and requires a clean report. `nx run infra:synth` and deploys keep it.
process.env['CDK_VALIDATION'] = 'false';
