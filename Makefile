# 乡镇人大主席团工作平台 — two commands: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Two workers: the machines have two cores.
PYTEST_ARGS ?= -n 2 --dist loadfile
STAMP := $(VENV)/.installed

.PHONY: install run test demo demo-reset messages lint backup restore clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# The development server and the demo run with DJANGO_DEBUG=1; a server sets
# SECRET_KEY and ALLOWED_HOSTS instead (README.md).
DEV := DJANGO_DEBUG=1

# Start-up never changes a record: the demo is loaded only into a database without records
# (a fresh install); a database with records is migrated and served as it is (one line says so).
demo: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_demo

# Erases every record and account, then loads the demo: lists what it erases and asks
# (`make demo-reset YES=1` does not ask).
demo-reset: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py demo_reset $(if $(YES),--yes)

run: demo
	@echo ""
	@echo "  乡镇人大主席团工作平台: http://127.0.0.1:$(PORT)/   管理后台: http://127.0.0.1:$(PORT)/admin/"
	@$(DEV) $(BIN)/python manage.py demo_accounts --list
	@echo ""
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Needs GNU gettext (Debian: gettext). Each app keeps its catalog in <app>/locale;
# the shared templates/ keep theirs in locale/. The compiled .mo files are
# committed, so running the app never needs gettext. `make messages APPS=deputies`
# touches one app's catalog only.
APPS ?= congress deputies suggestions livelihood office
messages: install
	for app in $(APPS); do \
	  (cd $$app && mkdir -p locale && ../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --no-location \
	   && ../$(BIN)/django-admin compilemessages); done
	if [ "$(APPS)" = "congress deputies suggestions livelihood office" ]; then \
	  $(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --no-location \
	    --ignore='congress/*' --ignore='deputies/*' --ignore='suggestions/*' --ignore='livelihood/*' --ignore='office/*' \
	    --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='bench/*' --ignore='scripts/*' --ignore='static/*' \
	  && $(BIN)/django-admin compilemessages --ignore='.venv/*' --ignore='congress/*' --ignore='deputies/*' \
	    --ignore='suggestions/*' --ignore='livelihood/*' --ignore='office/*'; fi

# Backups (congress/backup.py): every row as JSON plus the uploaded files, in one folder.
# Run with the server's environment (DATABASE_URL, SECRET_KEY, ...) or DJANGO_DEBUG=1 on a laptop.
#   make backup                         -> var/backups/<date-time>/
#   make backup BACKUP=/mnt/usb/renda   -> that folder
#   make restore BACKUP=var/backups/20230105-020000 [RESTORE_ARGS=--replace]
backup: install
	$(BIN)/python manage.py backup $(if $(BACKUP),--output $(BACKUP))

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<backup folder> [RESTORE_ARGS=--replace]"; exit 2; }
	$(BIN)/python manage.py restore --input $(BACKUP) $(RESTORE_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static
