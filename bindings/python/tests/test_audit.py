"""The audit log: sealing key, head, verification, replay and purging."""

import unittest

from support import AGENT, OFFICER, T0, desk, new_request

import telsvc
from telsvc import AuditVerdict, Param

KEY = bytes(range(32))
YEARS = 366 * 24 * 3600


class AuditTest(unittest.TestCase):
    def setUp(self):
        self.store = telsvc.DictStore()
        self.ctx = telsvc.Context(clock=lambda: T0)
        self.addCleanup(self.ctx.close)
        self.ctx.set_policy(telsvc.Policy.default(self.ctx))
        self.ctx.set_storage(self.store)
        self.evolved = []
        self.ctx.audit.set_key(KEY, epoch_records=4, key_evolved=lambda key, epoch: self.evolved.append((epoch, key)))
        for _ in range(3):
            new_request(self.ctx).apply("preprocess", AGENT)

    def test_sealed_log_verifies_against_its_head(self):
        head = self.ctx.audit.head()
        self.assertEqual(head.seq, len(self.store.audit))
        self.assertEqual(len(head.mac), 32)
        without = self.ctx.audit.verify(KEY)
        self.assertEqual(without.verdict, AuditVerdict.UNANCHORED)
        self.assertIsNone(without.first_bad)
        self.assertEqual(without.records, head.seq)
        anchored = self.ctx.audit.verify(KEY, head)
        self.assertEqual((anchored.verdict, anchored.anchored), (AuditVerdict.OK, head.seq))
        self.assertTrue(anchored.detail)
        # Six changes and a genesis record: the key evolved into epoch 1.
        self.assertEqual([epoch for epoch, _ in self.evolved], [1])
        self.assertEqual(len(self.evolved[0][1]), 32)
        self.assertNotEqual(self.evolved[0][1], KEY)

    def test_a_wrong_key_or_a_tampered_record_is_a_verdict(self):
        self.assertEqual(self.ctx.audit.verify(bytes(32)).verdict, AuditVerdict.MODIFIED)
        record = bytearray(self.store.audit[3])
        record[len(record) // 2] ^= 0x01
        self.store.audit[3] = bytes(record)
        found = self.ctx.audit.verify(KEY, self.ctx.audit.head())
        self.assertEqual((found.verdict, found.first_bad, found.records), (AuditVerdict.MODIFIED, 3, 2))

    def test_truncation_needs_the_anchor(self):
        head = self.ctx.audit.head()
        del self.store.audit[head.seq]
        self.assertEqual(self.ctx.audit.verify(KEY).verdict, AuditVerdict.UNANCHORED)
        self.assertEqual(self.ctx.audit.verify(KEY, (head.seq, head.mac)).verdict, AuditVerdict.TRUNCATED)

    def test_bad_keys_and_anchors(self):
        other = telsvc.Context()
        self.addCleanup(other.close)
        with self.assertRaises(telsvc.InvalidArgumentError):
            other.audit.set_key(b"short")
        with self.assertRaises(telsvc.InvalidArgumentError):
            other.audit.set_key(bytes(65))
        with self.assertRaises(TypeError):
            other.audit.set_key("a text, not bytes")
        with self.assertRaises(TypeError):
            other.audit.set_key(KEY, key_evolved=42)
        with self.assertRaises(telsvc.InvalidArgumentError):
            self.ctx.audit.verify(b"short")
        with self.assertRaises(ValueError):
            self.ctx.audit.verify(KEY, (1, b"too short"))
        unsealed, _ = desk()
        self.addCleanup(unsealed.close)
        with self.assertRaises(telsvc.NotFoundError):
            unsealed.audit.head()
        new_request(unsealed)
        self.assertEqual(unsealed.audit.verify(KEY).verdict, AuditVerdict.UNSEALED)

    def test_a_raising_key_callback_is_raised_after_the_change(self):
        def lost(key, epoch):
            raise OSError("key vault unreachable")

        self.ctx.audit.set_key(KEY, epoch_records=4, key_evolved=lost)
        before = self.ctx.request_count
        with self.assertRaises(OSError):
            for _ in range(4):  # the log enters its next epoch within four records
                new_request(self.ctx)
        self.assertGreater(self.ctx.request_count, before)  # stored before the key was told
        self.assertEqual(self.ctx.audit.verify(KEY, self.ctx.audit.head()).verdict, AuditVerdict.OK)

    def test_replay(self):
        replay = self.ctx.audit.replay()
        self.assertEqual((replay.objects, replay.matched, replay.diverged, replay.first), (3, 3, 0, None))
        kind, number = next(iter(self.store.objects))
        revision, data = self.store.objects[(kind, number)]
        self.store.objects[(kind, number)] = (revision, data + b"\0")
        replay = self.ctx.audit.replay()
        self.assertEqual((replay.diverged, replay.first), (1, number))

    def test_purge_when_due(self):
        self.assertEqual(self.ctx.audit.purge_due(), [])
        later = T0 + 6 * YEARS
        due = self.ctx.audit.purge_due(now=later)
        self.assertEqual(len(due), 6)  # every change, not the genesis record
        first = due[0]
        self.assertEqual(first.seq, 2)
        self.assertIsInstance(first.retention, Param)
        self.assertLess(first.due, later)
        with self.assertRaises(telsvc.PermissionDeniedError):
            self.ctx.audit.purge(first.seq, OFFICER)  # not yet due
        with self.assertRaises(telsvc.PermissionDeniedError):
            self.ctx.audit.purge(first.seq, AGENT, now=later)
        self.ctx.audit.purge(first.seq, OFFICER, now=later)
        with self.assertRaises(telsvc.InvalidArgumentError):
            self.ctx.audit.purge(first.seq, OFFICER, now=later)  # already purged
        with self.assertRaises(telsvc.NotFoundError):
            self.ctx.audit.purge(999, OFFICER, now=later)
        self.assertEqual([d.seq for d in self.ctx.audit.purge_due(now=later)], [d.seq for d in due[1:]])
        self.assertEqual(self.ctx.audit.verify(KEY, self.ctx.audit.head()).purged, 1)
        self.assertEqual(self.ctx.audit.replay().unreplayable, 1)


if __name__ == "__main__":
    unittest.main()
