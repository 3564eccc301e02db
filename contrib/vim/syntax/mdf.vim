" Vim syntax file for mdfc .mdf (and MAESTRO .m) dataflow descriptions.
" Install: copy contrib/vim/* into ~/.vim/ (or ~/.config/nvim/); see docs/editors.md.
if exists("b:current_syntax")
  finish
endif

syn keyword mdfStructure Network Layer Accelerator
syn keyword mdfKeyword   Type Stride Dimensions Dataflow Constant param import for in
syn keyword mdfDirective TemporalMap SpatialMap Cluster
syn keyword mdfType      CONV DSCONV NGCONV GEMM FC TRCONV POOL
syn keyword mdfFunction  Sz min max cdiv
syn match   mdfDimension "\<[NGKCMRSYX]\>'\="
syn match   mdfCluster   "\<P\>"
syn match   mdfNumber    "\<\d\+\>"
syn region  mdfString    start=+"+ end=+"+ oneline
syn region  mdfInterp    matchgroup=mdfDelimiter start="\${" end="}" contains=mdfNumber,mdfFunction
syn keyword mdfTodo      TODO FIXME XXX contained
syn match   mdfComment   "//.*$" contains=mdfTodo
syn region  mdfComment   start="/\*" end="\*/" contains=mdfTodo

hi def link mdfStructure Structure
hi def link mdfKeyword   Keyword
hi def link mdfDirective Statement
hi def link mdfType      Type
hi def link mdfFunction  Function
hi def link mdfDimension Identifier
hi def link mdfCluster   Constant
hi def link mdfNumber    Number
hi def link mdfString    String
hi def link mdfDelimiter Delimiter
hi def link mdfTodo      Todo
hi def link mdfComment   Comment

let b:current_syntax = "mdf"
