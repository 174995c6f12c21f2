// The help of the `kvgate acl` command groups (command/acl/acl.go, policy.go, token.go, role.go).

import type { CommandGroup } from '../command.js';

export const ACL_GROUPS: readonly CommandGroup[] = [
  {
    name: 'acl',
    synopsis: "Interact with Consul's ACLs",
    help: `
Usage: kvgate acl <subcommand> [options] [args]

  This command has subcommands for interacting with Consul's ACLs.
  Here are some simple examples, and more detailed examples are available
  in the subcommands or the documentation.

  Bootstrap ACLs:

      $ kvgate acl bootstrap

  List all ACL tokens:

      $ kvgate acl token list

  Create a new ACL policy:

      $ kvgate acl policy create -name "new-policy" \\
                                 -description "This is an example policy" \\
                                 -datacenter "dc1" \\
                                 -datacenter "dc2" \\
                                 -rules @rules.hcl

  For more examples, ask for subcommand help or view the documentation.
`,
  },
  {
    name: 'acl policy',
    synopsis: "Manage Consul's ACL policies",
    help: `
Usage: kvgate acl policy <subcommand> [options] [args]

  This command has subcommands for managing Consul's ACL policies.
  Here are some simple examples, and more detailed examples are available
  in the subcommands or the documentation.

  Create a new ACL policy:

      $ kvgate acl policy create -name "new-policy" \\
                                 -description "This is an example policy" \\
                                 -datacenter "dc1" \\
                                 -datacenter "dc2" \\
                                 -rules @rules.hcl
  List all policies:

      $ kvgate acl policy list

  Update a policy:

      $ kvgate acl policy update -name "other-policy" -datacenter "dc1"

  Read a policy:

    $ kvgate acl policy read -id 0479e93e-091c-4475-9b06-79a004765c24

  Delete a policy

    $ kvgate acl policy delete -name "my-policy"

  For more examples, ask for subcommand help or view the documentation.
`,
  },
  {
    name: 'acl token',
    synopsis: "Manage Consul's ACL tokens",
    help: `
Usage: kvgate acl token <subcommand> [options] [args]

  This command has subcommands for managing Consul ACL tokens.
  Here are some simple examples, and more detailed examples are available
  in the subcommands or the documentation.

  Create a new ACL token:

      $ kvgate acl token create \\
                                 -description "This is an example token" \\
                                 -policy-id 06acc965
  List all tokens:

      $ kvgate acl token list

  Update a token:

      $ kvgate acl token update -accessor-id 986193 -description "WonderToken"

  Read a token with an accessor ID:

    $ kvgate acl token read -accessor-id 986193

  Delete a token

    $ kvgate acl token delete -accessor-id 986193

  For more examples, ask for subcommand help or view the documentation.
`,
  },
  {
    name: 'acl role',
    synopsis: "Manage Consul's ACL roles",
    help: `
Usage: kvgate acl role <subcommand> [options] [args]

  This command has subcommands for managing Consul's ACL roles.
  Here are some simple examples, and more detailed examples are available
  in the subcommands or the documentation.

  Create a new ACL role:

      $ kvgate acl role create -name "new-role" \\
                               -description "This is an example role" \\
                               -policy-id 06acc965
  List all roles:

      $ kvgate acl role list

  Update a role:

      $ kvgate acl role update -name "other-role" -datacenter "dc1"

  Read a role:

    $ kvgate acl role read -id 0479e93e-091c-4475-9b06-79a004765c24

  Delete a role

    $ kvgate acl role delete -name "my-role"

  For more examples, ask for subcommand help or view the documentation.
`,
  },
];
