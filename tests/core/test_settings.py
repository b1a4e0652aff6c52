import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from config.settings.base import read_dot_env


def test_the_ui_is_japanese_first_with_english_available():
    assert settings.LANGUAGE_CODE == "ja"
    assert [code for code, _name in settings.LANGUAGES] == ["ja", "en"]


def test_times_are_tokyo_time():
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.USE_TZ is True


def test_idle_sessions_end_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "core.middleware.IdleSessionMiddleware" in settings.MIDDLEWARE


def test_object_permissions_use_guardian_with_axes_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "guardian.backends.ObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "chouso.example.jp",
        "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="x.example",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _load_production_settings(**environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="chouso.example.jp",
        **environment,
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print('eager', settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_never_starts_without_redis_url():
    result = _load_production_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL must be set in production" in result.stderr


def test_production_never_starts_with_an_empty_redis_url():
    result = _load_production_settings(REDIS_URL="")
    assert result.returncode != 0
    assert "REDIS_URL must be set in production" in result.stderr


def test_production_with_redis_url_runs_tasks_on_workers_not_in_the_request():
    result = _load_production_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert "eager False" in result.stdout


# --- .env: read only when asked ---------------------------------------------------------


def _dot_env(tmp_path, text: str = "DJANGO_DEBUG=true\nDJANGO_SECRET_KEY=from-dot-env\n"):
    (tmp_path / ".env").write_text(text)
    return tmp_path


def test_a_dot_env_is_never_read_by_its_mere_presence(tmp_path):
    environment = {}
    assert read_dot_env(_dot_env(tmp_path), environment) is False
    assert environment == {}


@pytest.mark.parametrize("flag", ["false", "0", ""])
def test_a_dot_env_is_never_read_when_the_flag_is_not_true(tmp_path, flag):
    environment = {"DJANGO_READ_DOT_ENV_FILE": flag}
    assert read_dot_env(_dot_env(tmp_path), environment) is False
    assert "DJANGO_SECRET_KEY" not in environment


def test_a_dot_env_is_read_when_django_read_dot_env_file_is_true(tmp_path):
    environment = {"DJANGO_READ_DOT_ENV_FILE": "true"}
    assert read_dot_env(_dot_env(tmp_path), environment) is True
    assert environment["DJANGO_SECRET_KEY"] == "from-dot-env"


def test_a_dot_env_never_overrides_the_real_environment(tmp_path):
    environment = {"DJANGO_READ_DOT_ENV_FILE": "true", "DJANGO_DEBUG": "false"}
    read_dot_env(_dot_env(tmp_path), environment)
    assert environment["DJANGO_DEBUG"] == "false"


def test_a_missing_dot_env_is_not_an_error_when_asked_for(tmp_path):
    assert read_dot_env(tmp_path, {"DJANGO_READ_DOT_ENV_FILE": "true"}) is False


def test_a_dot_env_is_never_copied_into_the_image():
    ignored = (settings.BASE_DIR / ".dockerignore").read_text().split()
    assert ".env" in ignored
    assert ".env.*" in ignored
