"""The hardened server settings of dashboard/.streamlit/config.toml (guide, section 4)."""

import tomllib

import pytest
from streamlit import config as st_config

from dashboard.config import STREAMLIT_CONFIG as CONFIG


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text())


def test_only_named_hosts_are_answered(config):
    hosts = config["server"]["allowedHosts"]
    assert hosts and all(isinstance(h, str) and h and "*" not in h for h in hosts)


def test_errors_show_no_details_to_users(config):
    assert config["client"]["showErrorDetails"] == "none"


def test_no_usage_statistics_leave_the_server(config):
    assert config["browser"]["gatherUsageStats"] is False


def test_uploads_are_capped_at_a_few_megabytes(config):
    assert 1 <= config["server"]["maxUploadSize"] <= 20
    # A websocket message carries at most a page's data; far below Streamlit's 200 MB default.
    assert config["server"]["maxMessageSize"] <= 100


def test_xsrf_and_cors_protection_are_on(config):
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True


def test_nothing_is_served_or_reloaded_from_the_working_folder(config):
    assert config["server"]["enableStaticServing"] is False
    assert config["server"]["runOnSave"] is False
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["headless"] is True


def test_no_side_doors(config):
    # No way in but the browser session: the agent API is off, no header becomes st.user.
    assert config["server"]["enableAgentApi"] is False
    assert "trustedUserHeaders" not in config["server"]


def test_streamlit_accepts_every_option_in_the_file(config):
    known = st_config._config_options_template
    for section, options in config.items():
        if section == "theme":
            continue  # theme keys are checked by Streamlit's own theme parser
        for name in options:
            assert f"{section}.{name}" in known, f"unknown option {section}.{name}"
