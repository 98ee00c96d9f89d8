"""Settings: defaults, then an optional TOML file, then environment variables, then flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "COOPTUI_"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("cooptui", "Cooprogreso"))


def default_config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("cooptui", "Cooprogreso")) / "config.toml"


@dataclass(frozen=True)
class Settings:
    backend: str = "sim"
    data_dir: Path | None = None
    idle_timeout: int = 300  # seconds of inactivity before logout
    backend_options: dict[str, Any] = field(default_factory=dict)

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(config_file: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    settings = Settings()
    path = config_file or default_config_file()
    if path.is_file():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        settings = settings.with_overrides(
            backend=data.get("backend"),
            data_dir=Path(data["data_dir"]) if "data_dir" in data else None,
            idle_timeout=data.get("idle_timeout"),
            backend_options=data.get("backend_options"),
        )
    settings = settings.with_overrides(
        backend=env.get(f"{ENV_PREFIX}BACKEND"),
        data_dir=Path(env[f"{ENV_PREFIX}DATA_DIR"]) if f"{ENV_PREFIX}DATA_DIR" in env else None,
        idle_timeout=int(env[f"{ENV_PREFIX}IDLE_TIMEOUT"])
        if f"{ENV_PREFIX}IDLE_TIMEOUT" in env
        else None,
    )
    return settings
