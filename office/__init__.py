"""The top floor: the pages that read every app (the admin's dashboard, the annual report, the public
home page and the portal home). Nothing imports it but the root URLconf; see docs/architecture.md."""
