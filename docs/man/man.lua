-- pandoc filter for the man pages made from docs/*.md (Makefile, man):
-- each table fitted to an 80-column terminal.
--
-- A pipe table with long rows gets its widths from its |---| line:
-- equal columns that add up to the whole line, which tbl's gaps then
-- overflow, and a long name in a narrow column cannot be broken.  Here
-- the names in code may break after "_", "->" and "/" (groff's \:),
-- each column gets at least its longest unbreakable piece, and the rest
-- of the line goes by each column's longest cell (capped, so that one
-- long sentence does not starve the others).
local stringify = pandoc.utils.stringify
local LINE = 64          -- of the 70 the man writer divides among columns
local BREAK = "([_/]+)"  -- and "->", below

-- roff text of code, with break points
local function roff_code(text)
  local s = text:gsub("\\", "\\e"):gsub("%-", "\\-")
  s = s:gsub(BREAK, "%1\\:"):gsub("\\%->", "\\->\\:")
  return pandoc.RawInline("man", "\\f[V]\\%" .. s .. "\\f[R]")
end

local function rows(tbl)
  local all = {}
  for _, row in ipairs(tbl.head.rows) do table.insert(all, row) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do table.insert(all, row) end
  end
  return all
end

-- the longest piece of @text that cannot be broken
local function longest_piece(text)
  local most = 1
  for w in text:gsub(BREAK, "%1 "):gsub("%->", "-> "):gmatch("%S+") do
    most = math.max(most, #w + 1)
  end
  return most
end

function Table(tbl)
  local n = #tbl.colspecs
  local longest, piece = {}, {}
  for i = 1, n do longest[i], piece[i] = 1, 1 end
  for _, row in ipairs(rows(tbl)) do
    for i, cell in ipairs(row.cells) do
      local text = stringify(cell.contents)
      longest[i] = math.max(longest[i], math.min(#text, 40))
      piece[i] = math.max(piece[i], longest_piece(text))
      cell.contents = pandoc.walk_block(pandoc.Div(cell.contents),
        { Code = function(c) return roff_code(c.text) end }).content
    end
  end
  if type(tbl.colspecs[1][2]) ~= "number" then return tbl end
  local room = LINE - 3 * (n - 1)
  local sum, width, total = 0, {}, 0
  for i = 1, n do sum = sum + longest[i] end
  for i = 1, n do
    width[i] = math.max(longest[i] / sum * room, piece[i])
    total = total + width[i]
  end
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], width[i] * math.min(1, room / total) / 70 }
  end
  return tbl
end
