"""The worker heartbeat: a periodic task writes the time a worker last ran it; the health
endpoint reads it. One row per worker host name."""

from django.db import models


class WorkerHeartbeat(models.Model):
    worker = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self):
        return f"{self.worker} {self.last_seen:%Y-%m-%d %H:%M:%S}"
