import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

LOGIN_FILE = Path(settings.BASE_DIR) / ".run" / "demo-admin-password"


class Command(BaseCommand):
    help = "Create (or reuse) the local demo superuser and print its login. Never for production."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        password = LOGIN_FILE.read_text().strip() if LOGIN_FILE.exists() else ""
        user = User.objects.filter(username=username).first()
        if user is None or not password or not user.check_password(password):
            password = password or secrets.token_urlsafe(12)
            LOGIN_FILE.parent.mkdir(exist_ok=True)
            LOGIN_FILE.write_text(password)
            LOGIN_FILE.chmod(0o600)
            user = user or User(username=username, email=f"{username}@example.test")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        self.stdout.write(f"Demo admin login: {username} / {password}")
