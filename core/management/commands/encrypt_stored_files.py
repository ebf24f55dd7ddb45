"""`manage.py encrypt_stored_files`: encrypt the files stored under MEDIA_ROOT before they were
encrypted at rest (core/storage.py), make them owner-only; idempotent (encrypted files are left
as they are). Run once after upgrading; `rotate_field_keys` re-encrypts files after a key change."""

from django.core.management.base import BaseCommand

from core.storage import encrypt_files


class Command(BaseCommand):
    help = "Mã hoá các tệp đã lưu trước khi có mã hoá tệp (chạy lại không mã hoá hai lần)."

    def handle(self, *args, **options):
        seen, rewritten = encrypt_files(rotate=False)
        self.stdout.write(f"{seen} files, {rewritten} encrypted now")
