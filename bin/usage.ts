// What `berth --help`, `berth help <command>` and every usage error print: text only, so that help loads nothing else.

const EXIT_CODES = "Exit codes: 0 planned, 1 the program failed, 2 bad usage or invalid stack config.";
const CHECK_EXIT_CODES =
    "Exit codes: 0 no mandatory violation, 1 a mandatory violation or the program failed, 2 bad usage or invalid stack config.";
const COST_EXIT_CODES =
    "Exit codes: 0 within budget (or none set), 1 over budget or the program failed, 2 bad usage or invalid stack config.";

export const USAGE = `Usage: berth <command> [options]

Commands:
  plan <stack>          Plan a stack offline (mock engine, no cloud, no Pulumi CLI) and print it for review
  cost <stack>          Estimate the stack's monthly AWS bill from its plan and check it against platform:budget
  check <stack>         Check the stack's plan against Berth's policy rules (those the policy/ pack runs in pulumi preview)
  comment render        Render one pull-request comment from each stack's \`pulumi preview --json\`
  comment post          Put that comment on the pull request (GitHub Actions), editing Berth's earlier one
  portal                Serve the self-service portal (web UI and API) on http://127.0.0.1:8080
  portal token create   Make a portal token: --role viewer|developer|platform-admin [--name <name>]
  help [command]        Show this help, or a command's

Options:
  -h, --help            Show help
  --version             Print Berth's version

${EXIT_CODES}
${COST_EXIT_CODES.replace("Exit codes:", "berth cost:")}
${CHECK_EXIT_CODES.replace("Exit codes:", "berth check:")}
`;

export const PLAN_USAGE = `Usage: berth plan <stack> [options]

Runs the stack's Pulumi program against the mock engine with Pulumi.<stack>.yaml (no cloud account,
no Pulumi CLI, no network) and prints what a reviewer checks: per cluster its region, Kubernetes
version, network, endpoint exposure, node pools and add-ons; then the registry and peering;
then warnings and resource counts.

Options:
  --tree                Print the full resource tree, in build order, instead of the review
  --json <file>         Also write the plan document as JSON to <file>; with "-", write only the JSON, to stdout
  --dir <dir>           Project folder holding Pulumi.yaml (default: this repository)
  --stack-outputs <stack>=<file>
                        The outputs of a stack the program reads through a StackReference (an application's own
                        program reading the platform stack's): a plan document of that stack (berth plan <stack>
                        --json <file>) or the JSON of \`pulumi stack output --json\`. Repeat for several stacks
  -h, --help            Show this help

Relative paths are taken from the directory the command was run in, also under \`npm run\`.
Results go to stdout, warnings and errors to stderr.

${EXIT_CODES}
`;

const COST_USAGE = `Usage: berth cost <stack> [options]

Plans the stack offline (as berth plan does) and prices what it creates, per cluster: EKS control planes
(extended support when past the end of standard support), node pools (on demand, or spot at the Spot
Instance Advisor's savings; the point estimate at each pool's starting size, raised to fit the pods pinned to
it, the range from min to max size), root and persistent volumes, NAT gateways, load balancers, public IPv4
addresses, KMS keys, S3 and ECR storage and control-plane logs. Prints every item with its arithmetic, the
totals, what spot saves against all on-demand, the budget check (platform:budget) and the assumptions.
Prices come from delivery/cost/prices/<region>.json.

Options:
  --json <file>         Also write the plan document, with its cost field, as JSON to <file>; with "-", write only the JSON, to stdout
  --dir <dir>           Project folder holding Pulumi.yaml (default: this repository)
  -h, --help            Show this help

Over budget, the command names the biggest items on stderr and exits 1.

${COST_EXIT_CODES}
`;

const CHECK_USAGE = `Usage: berth check <stack> [options]

Plans the stack offline (as berth plan does) and checks what it creates against Berth's policy rules: the
same rules the CrossGuard pack in policy/ runs in \`pulumi preview --policy-pack policy\`. Each rule is
mandatory, advisory or disabled per environment (defaults, then platform:policies.severities). Mandatory
violations are listed with the resources they concern and fail the check; advisory ones are printed as
warnings; findings accepted by an exception (platform:policies.exceptions, or Berth's own) are listed with
the reason and fail nothing.

Options:
  --json <file>         Also write the plan document, with its violations, as JSON to <file>; with "-", write only the JSON, to stdout
  --dir <dir>           Project folder holding Pulumi.yaml (default: this repository)
  -h, --help            Show this help

${CHECK_EXIT_CODES}
`;

const COMMENT_EXIT_CODES =
    "Exit codes: 0 rendered or posted, 1 GitHub refused the comment, 2 bad usage, an unreadable or malformed input, or no token or pull request.";

export const COMMENT_USAGE = `Usage: berth comment render --stack <stack>=<preview.json> [--stack ...] [options]
       berth comment render --base <plan.json> --head <plan.json> [--base ... --head ...] [options]
       berth comment post --file <comment.md>

Renders one Markdown comment for a pull request from the output of \`pulumi preview --json\` of each stack: a
headline, a summary table (stack | create | update | replace | delete | cost delta | policy), a warning block for
replacements and deletions of stateful or protected resources (EKS clusters, node groups, ECR repositories, KMS keys,
S3 buckets, Elasticsearch data, volumes; production stacks first), then per stack a collapsible list of the changed
resources by cluster and component with their property changes (old -> new). Secrets stay masked, also where a value
turns into a secret or back. The comment always fits GitHub's 65,536-character limit: per-resource detail is trimmed
first, never the summary, the warnings only if they alone would not fit, and the comment says what was trimmed. It
starts with the hidden marker <!-- berth-preview --> by which a later post finds it again. Needs no Pulumi SDK, CLI
or cloud.

With --base and --head instead (a pull request without cloud credentials, such as one from a fork), it compares the
offline plans (berth plan <stack> --json, or berth cost/check --json) of the pull request's base and head commits,
one pair per stack, paired by the stack each names: resources created, deleted or with changed inputs, the change in
the monthly cost estimate and the new policy findings, in the same layout, labelled as an offline plan.

berth comment post puts a rendered comment on the pull request through GitHub's REST API: it pages through the
pull request's comments for the marker, edits that comment in place, or creates one when there is none; requests
refused by GitHub's secondary rate limit are retried after the time GitHub names. It reads the GitHub Actions
environment: GITHUB_TOKEN (pass it to the step; the job needs \`permissions: pull-requests: write\`),
GITHUB_REPOSITORY, GITHUB_API_URL and the pull request's number from the event at GITHUB_EVENT_PATH.

Options:
  --stack <stack>=<file>
                        render: a stack's name and its \`pulumi preview --json\` output; repeat for every stack
  --base <file>         render: the plan document of the base commit; repeat for every stack
  --head <file>         render: the plan document of the pull request's head; repeat for every stack
  --out <file>          render: write the comment to <file> instead of stdout
  --file <file>         post: the comment to post (what render wrote)
  -h, --help            Show this help

${COMMENT_EXIT_CODES}
`;

export const PORTAL_USAGE = `Usage: berth portal
       berth portal token create --role <viewer|developer|platform-admin> [--name <name>]

berth portal serves the self-service portal: environments, previews, deploys, application onboarding, run history
with live logs, and the audit log, as web pages and a JSON API (npm start does the same). Without the Pulumi CLI it
runs offline: previews and deploys are plans against Pulumi's mock engine, and a deploy records the plan as the
stack's deployed state without touching any cloud. The first start on an empty database prints a platform-admin
token, once. Stop it with Ctrl-C: runs in flight are recorded as interrupted and their locks released.

berth portal token create prints a new token for the role (only its hash is stored): viewer reads everything;
developer previews anything and onboards, changes, removes and deploys applications outside production;
platform-admin does everything, platform stacks and production included.

Environment:
  PORT                  Port to listen on (default 8080)
  BERTH_PORTAL_HOST     Address to listen on (default 127.0.0.1: this machine only)
  BERTH_DATA_DIR        Where the SQLite database and the session key live (default ./.berth-data)
  BERTH_DATABASE_URL    A postgres:// connection string, for several portal replicas on one database
  BERTH_SESSION_SECRET  The key that signs browser sessions (32+ characters); replicas must share one
  BERTH_ENGINE          automation (a real pulumi preview/up; needs the pulumi CLI) or offline (plans against the mock
                        engine); default: automation when the pulumi CLI is on PATH and logged in, else offline
  BERTH_LOG_LEVEL       The request log's level, written to stderr as JSON lines (default info)

Options:
  --role <role>         token create: viewer, developer or platform-admin
  --name <name>         token create: who holds it, as the audit log names them (default <role>-<time>)
  -h, --help            Show this help

Exit codes: 0 stopped cleanly or token created, 2 bad usage, bad settings or an unusable database.
`;

const HELP: Record<string, string> = {
    plan: PLAN_USAGE,
    cost: COST_USAGE,
    check: CHECK_USAGE,
    comment: COMMENT_USAGE,
    portal: PORTAL_USAGE,
    help: USAGE,
};

/** The help of a command, or undefined for a word that names none (also "constructor" and other Object keys). */
export const helpFor = (command: string | undefined): string | undefined =>
    command !== undefined && Object.hasOwn(HELP, command) ? HELP[command] : undefined;
