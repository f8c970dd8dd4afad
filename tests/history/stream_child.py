"""Child process of the crash test: stream real answers from the default model into the DB.

Usage: python stream_child.py DB_PATH MODEL_PATH

Prints ``READY <earlier message ids as JSON>`` once earlier, complete messages are committed,
``FLUSH <message id> <committed text as JSON>`` after every committed flush of the streamed
answer, and ``DONE <message id>`` when an answer is finished. It keeps asking follow-up
questions, so the parent can kill it in the middle of a stream.
"""

from __future__ import annotations

import json
import sys
import threading


def main(db_path: str, model_path: str) -> int:
    from desktop.engine import Engine, EngineConfig, SamplingSettings
    from desktop.history import HistoryStore

    store = HistoryStore(db_path)
    conv = store.create_conversation(model_id="default")
    earlier = [
        store.add_user_message(conv.id, "Earlier question: what is a normal adult heart rate?").id,
        store.add_message(conv.id, "assistant", "Earlier answer: about 60-100 beats/min.").id,
    ]
    print(f"READY {json.dumps(earlier)}", flush=True)

    engine = Engine(EngineConfig(model_path=model_path, n_ctx=2048, n_threads=1))
    sampling = SamplingSettings(temperature=0.8, max_tokens=300, seed=7)
    print_lock = threading.Lock()  # flushes may also come from the writer's timer thread
    questions = [
        "List twenty causes of chest pain, one per line, with a short explanation of each.",
        "Now explain each of them in much more detail.",
    ]
    for round_no in range(20):
        store.add_user_message(conv.id, questions[min(round_no, 1)])
        messages = store.chat_messages(conv.id)
        mid = store.begin_assistant_message(conv.id, model_id="default", sampling=sampling)
        sent: list[str] = []  # every piece handed to the writer, in order

        def report(n_committed: int, mid: int = mid, sent: list[str] = sent) -> None:
            # Called after the commit: the first n_committed characters are in the database.
            committed = "".join(sent)[:n_committed]
            with print_lock:
                print(f"FLUSH {mid} {json.dumps(committed)}", flush=True)

        store.writer(mid).on_flush = report
        stream = engine.stream_chat(messages, sampling)
        for event in stream:
            sent.append(event.text)
            store.append_to_message(mid, event.text)
        store.finish_message(mid, stream.result)
        with print_lock:
            print(f"DONE {mid}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
