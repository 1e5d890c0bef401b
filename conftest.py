"""nbval runs each cell with the build's timeout: execute.timeout in _config.yml, set once."""


def pytest_configure(config):
    if getattr(config.option, "nbval_cell_timeout", None) == 2000:  # nbval's default: not given on the command line
        from peacebook.bookbuild import execution_timeout

        config.option.nbval_cell_timeout = execution_timeout()
