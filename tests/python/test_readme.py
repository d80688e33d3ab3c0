"""The README is part of the product: its scorecard section is the seeds' scorecard."""

from __future__ import annotations

from leadscore import scorecard
from leadscore.warehouse import project_dir


def test_readme_scorecard_matches_the_seeds() -> None:
    assert scorecard.readme_card() == scorecard.render(), "run `leadscore scorecard` and paste it"


def test_readme_opens_with_the_two_commands() -> None:
    text = (project_dir() / "README.md").read_text(encoding="utf-8")
    commands = text.index("## The two commands")
    assert commands < text.index("## What you get")
    assert "make build" in text[commands:] and "make test" in text[commands:]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (project_dir() / ".ci" / "run").read_text(encoding="utf-8")


def test_demo_data_and_dbt_default_share_the_as_of_date() -> None:
    import yaml

    from leadscore.demo import DEMO_AS_OF

    # The default is the macro's: a default var in dbt_project.yml would hide LEADSCORE_AS_OF.
    macro = (project_dir() / "macros" / "scoring" / "as_of_date.sql").read_text(encoding="utf-8")
    assert f'var("as_of", env_var("LEADSCORE_AS_OF", "{DEMO_AS_OF}"))' in macro
    project = yaml.safe_load((project_dir() / "dbt_project.yml").read_text(encoding="utf-8"))
    assert "as_of" not in project["vars"]
