"""Stage 6, execute: answer a routed query by the cascade, by LATS tool search when tools are
needed, or by a Scheme map-reduce program for long inputs.

The package's face: other packages import these names from `rlm_bot.pipeline.execute`, never from
its modules. Inside:

    stage.py       execute(prompt, decision=..., ...) runs the first Strategy of STRATEGIES that applies
                   (LongInput, ToolSearch, Cascade); aexecute (the cascade, async)
    result.py      ExecutionResult: what every strategy returns
    cascade.py     the self-consistency cascade: cheapest viable model first, escalate on disagreement
    agree.py       how far a tier's sampled answers agree, as their kind allows
    lats.py        LATS: search over tool plans (react: the one-step-at-a-time baseline)
    tools.py       the tool registry LATS searches over (python, scheme, memory, a model)
    long_input.py  the Scheme map-reduce run for inputs too long for one call (SchemeJob)
"""

from rlm_bot.pipeline.execute.cascade import CascadeError
from rlm_bot.pipeline.execute.lats import react, search
from rlm_bot.pipeline.execute.long_input import (FAN_IN, MAX_CONCURRENT, SchemeJob, answer_call_tokens,
                                                 merge_levels, run_scheme)
from rlm_bot.pipeline.execute.result import ExecutionResult
from rlm_bot.pipeline.execute.stage import (STRATEGIES, Cascade, ExecuteRequest, LongInput, Strategy, ToolSearch,
                                            aexecute, execute)
from rlm_bot.pipeline.execute.tools import (MAX_OBSERVATION_CHARS, ToolFailure, ToolRegistry, memory_tool,
                                            model_tool, python_tool, scheme_tool)

__all__ = [
    # the stage
    "CascadeError", "ExecutionResult", "aexecute", "execute",
    # its strategies, tried in order
    "STRATEGIES", "Cascade", "ExecuteRequest", "LongInput", "Strategy", "ToolSearch",
    # LATS and its tools
    "MAX_OBSERVATION_CHARS", "ToolFailure", "ToolRegistry", "memory_tool", "model_tool", "python_tool", "react",
    "scheme_tool", "search",
    # the long-input Scheme run
    "FAN_IN", "MAX_CONCURRENT", "SchemeJob", "answer_call_tokens", "merge_levels", "run_scheme",
]
