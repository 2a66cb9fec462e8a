"""`dvk accounts`: the portal's accounts."""

from __future__ import annotations

import argparse
import sys

from orchestration.commands.common import DvkError
from warehouse.workspace import Workspace


def manage_accounts(ws: Workspace, args: argparse.Namespace) -> int:
    from ingestion.reference.registry import Registry
    from portal.accounts import AccountError, AccountStore
    from portal.scope import covered_units

    store = AccountStore.of(ws)
    try:
        if args.action == "list":
            for account in store.all().values():
                state = "disabled" if account.disabled else "enabled"
                email = account.email or "(no e-mail)"
                print(
                    f"{account.name}\t{state}\t{account.covers}\t{email}"
                    f"\tsince {account.created_at}"
                )
            return 0
        if args.action == "email":
            store.set_email(args.name, args.address)
            told = args.address.strip() or "no address"
            print(f"{args.name}: reminders go to {told}")
            return 0
        if args.action == "disable":
            store.disable(args.name)
            print(f"{args.name}: disabled; its logins and its token are refused from now on")
            return 0
        if args.action == "add":
            units = [u.strip() for u in (args.unit or "").split(",") if u.strip()]
            issued = store.add(args.name, units, args.province, args.email)
        else:
            issued = store.reset(args.name)
    except AccountError as error:
        raise DvkError(str(error)) from error
    account, registry = store.all()[args.name], Registry.load(ws.units_dir)
    covered = [code for code in covered_units(account, registry) if registry.versions(code)]
    print(f"Account {account.name}: {len(covered)} unit(s) of the registries ({account.covers})")
    unknown = [code for code in account.units if not registry.versions(code)]
    if unknown or not covered:
        what = ", ".join(unknown) or f"province {account.province}"
        print(
            f"warning: no unit of {ws.units_dir} matches {what}; check the codes", file=sys.stderr
        )
    print(f"  password: {issued.password}\n  API token: {issued.token}")
    print("  Shown once: give them to the office now (only their hashes are kept).")
    return 0
